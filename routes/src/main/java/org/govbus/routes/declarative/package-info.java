/**
 * Route plugins declared in YAML ({@code plugin.yaml} in a folder of the plugins directory), for departments
 * whose mapping needs no Java: renames, conversions, code lists, constants and rules. See docs/plugins.md.
 */
package org.govbus.routes.declarative;
