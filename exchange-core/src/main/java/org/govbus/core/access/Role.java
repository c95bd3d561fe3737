package org.govbus.core.access;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a person may do. SYSTEM_ADMIN, SECURITY_ADMIN and AUDITOR are the three officers of separation of duties:
 * no account holds two of them, and none of them reads shared data.
 */
public enum Role {
    /** Runs the platform: onboarding, accounts, plugins. */
    SYSTEM_ADMIN,
    /** Policies, keys, oversight of grants (may revoke any). */
    SECURITY_ADMIN,
    /** Reads the audit and usage logs; changes nothing. */
    AUDITOR,
    /** Manages its own agency's datasets, systems and sharing requests. */
    AGENCY_ADMIN;

    /** The three officers. */
    public static final Set<Role> OFFICERS = EnumSet.of(SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR);

    /**
     * Checks a set of roles for one account of an agency; returns why it is not allowed, or {@code null}.
     *
     * @param platformAgency the operator's agency, the only one whose people may be officers
     */
    public static String refusal(String agency, Set<Role> roles, String platformAgency) {
        if (roles.isEmpty()) {
            return "an account needs a role";
        }
        Set<Role> officers = EnumSet.noneOf(Role.class);
        officers.addAll(roles);
        officers.retainAll(OFFICERS);
        if (officers.size() > 1) {
            return "no account may hold two of SYSTEM_ADMIN, SECURITY_ADMIN and AUDITOR (asked: " + new TreeSet<>(officers)
                    + "): the three officers are separate people";
        }
        if (!officers.isEmpty() && roles.contains(AGENCY_ADMIN)) {
            return "an officer (" + officers.iterator().next() + ") may not also be an AGENCY_ADMIN: officers do not handle "
                    + "shared data";
        }
        if (!officers.isEmpty() && !agency.equalsIgnoreCase(platformAgency)) {
            return "officers belong to the platform (" + platformAgency + "), not to " + agency;
        }
        return null;
    }

    /** True when none of the roles is an officer's: officers never read shared data. */
    public static boolean mayReadSharedData(Set<Role> roles) {
        return roles.stream().noneMatch(OFFICERS::contains);
    }
}
