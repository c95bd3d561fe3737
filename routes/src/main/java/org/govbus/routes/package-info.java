/**
 * The path of a record through GovBus: {@code ingest} (poll, map, validate, deduplicate), {@code store}
 * (the shared store: one current row per key, every version kept as history, the outbox and the dead
 * letters, all written in one transaction with the source position) and {@code bus} (the embedded Artemis
 * broker and the outbox relay that publishes on it, effectively once).
 */
package org.govbus.routes;
