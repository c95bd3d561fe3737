/** Finds route plugins, builds the ingest pipeline of each of their sources and starts their routes. */
package org.govbus.app.ingest;
