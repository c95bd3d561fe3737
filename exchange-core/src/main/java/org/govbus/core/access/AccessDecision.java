package org.govbus.core.access;

/** Either what an agency may see of a dataset, or why it may not, saying what would allow it. */
public sealed interface AccessDecision {

    /** The agency may read, as {@link Access} says. */
    record Allowed(Access access) implements AccessDecision {
    }

    /**
     * The agency may not read.
     *
     * @param reason  what a caller is told
     * @param visible whether the dataset's existence may be told (false for NOT_SHARED data of others)
     */
    record Refused(String reason, boolean visible) implements AccessDecision {
    }
}
