/**
 * Who is calling: systems of agencies present bearer tokens; only SM3 hashes of tokens are stored. First
 * start makes the initial credentials and writes them to an owner-only file in the data directory.
 */
package org.govbus.app.security;
