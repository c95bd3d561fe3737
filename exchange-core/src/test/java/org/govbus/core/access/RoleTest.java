package org.govbus.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void noAccountHoldsTwoOfTheThreeOfficers() {
        for (Role a : Role.OFFICERS) {
            for (Role b : Role.OFFICERS) {
                String why = Role.refusal("PLATFORM", EnumSet.of(a, b), "PLATFORM");
                if (a == b) {
                    assertThat(why).isNull();
                } else {
                    assertThat(why).contains("two of SYSTEM_ADMIN, SECURITY_ADMIN and AUDITOR");
                }
            }
        }
    }

    @Test
    void officersAreThePlatformsAndDoNotHandleSharedData() {
        assertThat(Role.refusal("CIVIL", Set.of(Role.AUDITOR), "PLATFORM")).contains("belong to the platform");
        assertThat(Role.refusal("PLATFORM", Set.of(Role.AUDITOR, Role.AGENCY_ADMIN), "PLATFORM")).contains("AGENCY_ADMIN");
        assertThat(Role.refusal("CIVIL", Set.of(Role.AGENCY_ADMIN), "PLATFORM")).isNull();
        assertThat(Role.refusal("CIVIL", Set.of(), "PLATFORM")).contains("needs a role");
        assertThat(Role.mayReadSharedData(Set.of(Role.AGENCY_ADMIN))).isTrue();
        for (Role officer : Role.OFFICERS) {
            assertThat(Role.mayReadSharedData(Set.of(officer))).isFalse();
        }
    }
}
