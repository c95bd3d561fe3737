package org.govbus.app.access;

/**
 * A refused act of the sharing workflow, with the HTTP status and error code the API answers with.
 */
public class AccessException extends RuntimeException {

    private final int status;
    private final String error;

    public AccessException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    static AccessException notFound(String message) {
        return new AccessException(404, "not_found", message);
    }

    static AccessException forbidden(String message) {
        return new AccessException(403, "forbidden", message);
    }

    static AccessException conflict(String message) {
        return new AccessException(409, "conflict", message);
    }

    static AccessException invalid(String message) {
        return new AccessException(422, "invalid", message);
    }
}
