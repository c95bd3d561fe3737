package org.govbus.schemas.registry;

import java.util.Locale;

/** Which earlier versions a new version must be compatible with, and in which direction. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    /** The new schema can read data written with the latest version. */
    BACKWARD(true, false, false),
    /** ... with every earlier version. */
    BACKWARD_TRANSITIVE(true, false, true),
    /** The latest version can read data written with the new schema. */
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    /** Both BACKWARD and FORWARD with the latest version. */
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    final boolean backward;
    final boolean forward;
    final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Parses a level name; the error lists the levels there are. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to the clear error
            }
        }
        throw new RegistryException(422, 42203, "Invalid compatibility level '" + name + "'; valid levels are "
                + java.util.Arrays.toString(values()));
    }
}
