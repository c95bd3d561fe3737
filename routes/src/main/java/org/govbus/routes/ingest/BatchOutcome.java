package org.govbus.routes.ingest;

/**
 * What one poll of a source did.
 *
 * @param read       rows read from the source
 * @param stored     new versions stored
 * @param duplicates rows whose content was already stored
 * @param rejected   rows sent to the dead letters
 * @param more       the poll was full: more rows may be waiting
 */
public record BatchOutcome(int read, int stored, int duplicates, int rejected, boolean more) {
}
