package org.govbus.app.security;

import java.util.Set;
import org.govbus.core.access.Role;

/**
 * Who calls: a system of an agency (a machine client with a token), or a person of an agency with roles.
 *
 * @param agency the agency it acts for
 * @param system the system's name, {@code null} for a person
 * @param person the person's account name, {@code null} for a system
 * @param roles  the person's roles, empty for a system
 */
public record Caller(String agency, String system, String person, Set<Role> roles) {

    /** Request attribute that holds the caller. */
    public static final String ATTRIBUTE = Caller.class.getName();

    public Caller {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** A system of an agency. */
    public Caller(String agency, String system) {
        this(agency, system, null, Set.of());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Whether it may read shared data: systems and agency people may, the three officers never. */
    public boolean mayReadSharedData() {
        return Role.mayReadSharedData(roles);
    }

    /** How the audit log names it. */
    public String actor() {
        return agency + "/" + (person != null ? "person:" + person : system);
    }
}
