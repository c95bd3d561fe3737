package org.govbus.app.query;

/** A query GovBus will not run, with the reason the caller can act on. */
public class QueryRefusedException extends RuntimeException {
    public QueryRefusedException(String message) {
        super(message);
    }
}
