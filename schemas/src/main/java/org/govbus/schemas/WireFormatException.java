package org.govbus.schemas;

/** A payload that is not in the bus wire format, names an unknown schema ID, or does not decode. */
public class WireFormatException extends Exception {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
