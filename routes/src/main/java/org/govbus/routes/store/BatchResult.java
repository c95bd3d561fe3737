package org.govbus.routes.store;

/** What storing one batch did: new versions stored, exact repeats skipped, records sent to the dead letters. */
public record BatchResult(int stored, int duplicates, int rejected) {
}
