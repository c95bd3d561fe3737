package org.govbus.core.access;

/** The share type every catalog entry has (../shared/DOMAIN.md). */
public enum ShareType {
    /** Any agency may use it. */
    UNCONDITIONAL,
    /** Only agencies holding a grant, answered by the provider on request. */
    CONDITIONAL,
    /** Not shared; the catalog states the legal basis. Other agencies do not see it exists. */
    NOT_SHARED
}
