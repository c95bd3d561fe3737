package org.govbus.routes.ingest;

/**
 * What one poll of a source did.
 *
 * @param read       rows read from the source
 * @param stored     new versions stored
 * @param duplicates rows whose content was already stored
 * @param rejected   rows sent to the dead letters
 * @param more       the poll was full: more rows may be waiting
 * @param nanos      time spent reading the source, converting the rows, and storing the batch
 */
public record BatchOutcome(int read, int stored, int duplicates, int rejected, boolean more, Timing nanos) {

    /** Where the time of one batch went, in nanoseconds. */
    public record Timing(long poll, long convert, long store) {
        public static final Timing NONE = new Timing(0, 0, 0);

        public Timing plus(Timing o) {
            return new Timing(poll + o.poll, convert + o.convert, store + o.store);
        }
    }
}
