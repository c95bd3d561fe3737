/**
 * The GovBus application: wires the modules ({@code config}), loads route plugins and starts their ingest
 * ({@code ingest}), authenticates callers ({@code security}), answers SQL ({@code query}), serves the REST API
 * ({@code web}) and runs the demo departments ({@code demo}). Only this module depends on all the others.
 */
package org.govbus.app;
