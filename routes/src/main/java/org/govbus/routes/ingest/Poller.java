package org.govbus.routes.ingest;

/** One step of a polled source: read what is there, store it, say whether more may be waiting. */
@FunctionalInterface
public interface Poller {
    BatchOutcome runOnce() throws Exception;
}
