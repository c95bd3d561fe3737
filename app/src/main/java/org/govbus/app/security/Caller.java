package org.govbus.app.security;

/** An authenticated system of an agency. */
public record Caller(String agency, String system) {

    /** Request attribute that holds the caller. */
    public static final String ATTRIBUTE = Caller.class.getName();
}
