package org.govbus.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govbus.core.mask.Masking;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final DatasetRules MARRIAGE = new DatasetRules("civil.marriage_registration", "CIVIL", ShareType.CONDITIONAL,
            null, Map.of("husband_id_number", Masking.ID_NUMBER, "husband_name", Masking.NAME),
            Set.of("husband_id_number"));

    static Grant grant(String id, Instant from, Instant until, Instant revoked, Set<String> clear) {
        return new Grant(id, MARRIAGE.dataset(), "APPROVAL", clear, Map.of("registry_office_code", Set.of("110105")),
                true, from, until, revoked);
    }

    @Test
    void conditionalWithoutGrantIsRefusedNamingWhatWouldAllowIt() {
        AccessDecision d = AccessPolicy.decide("APPROVAL", MARRIAGE, List.of(), NOW);
        assertThat(d).isInstanceOf(AccessDecision.Refused.class);
        assertThat(((AccessDecision.Refused) d).reason()).contains("request access to civil.marriage_registration");
        assertThat(((AccessDecision.Refused) d).visible()).isTrue();
    }

    @Test
    void theProviderSeesItsOwnDataWhole() {
        AccessDecision d = AccessPolicy.decide("CIVIL", MARRIAGE, List.of(), NOW);
        assertThat(((AccessDecision.Allowed) d).access().masked()).isEmpty();
    }

    @Test
    void aStandingGrantUnmasksItsColumnsOnlyAndCarriesFilterAndPurpose() {
        Grant g = grant("g1", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), null, Set.of("husband_id_number"));
        Access a = ((AccessDecision.Allowed) AccessPolicy.decide("approval", MARRIAGE, List.of(g), NOW)).access();
        assertThat(a.masked()).containsOnlyKeys("husband_name");
        assertThat(a.rowFilter()).containsKey("registry_office_code");
        assertThat(a.purposeKeys()).containsExactly("husband_id_number");
        assertThat(a.grantId()).isEqualTo("g1");
        assertThat(a.apply("husband_name", "张三")).isEqualTo("张*");
        assertThat(a.admits(Map.of("registry_office_code", "110105"))).isTrue();
        assertThat(a.admits(Map.of("registry_office_code", "110106"))).isFalse();
    }

    @Test
    void expiredRevokedFutureAndOtherAgenciesGrantsDoNotCount() {
        List<Grant> grants = List.of(
                grant("expired", NOW.minus(Duration.ofDays(9)), NOW, null, Set.of()),
                grant("revoked", NOW.minus(Duration.ofDays(9)), null, NOW.minus(Duration.ofSeconds(1)), Set.of()),
                grant("future", NOW.plusSeconds(1), null, null, Set.of()),
                new Grant("other", MARRIAGE.dataset(), "EDU", Set.of(), Map.of(), false, NOW.minusSeconds(5), null, null));
        assertThat(AccessPolicy.decide("APPROVAL", MARRIAGE, grants, NOW)).isInstanceOf(AccessDecision.Refused.class);
    }

    @Test
    void notSharedDataDoesNotExistForOthersAndNeedsALegalBasis() {
        DatasetRules secret = new DatasetRules("civil.adoption_record", "CIVIL", ShareType.NOT_SHARED,
                "Adoption Law art. 32", Map.of(), Set.of());
        Grant g = new Grant("g", secret.dataset(), "APPROVAL", Set.of(), Map.of(), false, NOW.minusSeconds(5), null, null);
        AccessDecision d = AccessPolicy.decide("APPROVAL", secret, List.of(g), NOW);
        assertThat(((AccessDecision.Refused) d).visible()).isFalse();
        assertThatThrownBy(() -> new DatasetRules("civil.x", "CIVIL", ShareType.NOT_SHARED, " ", Map.of(), Set.of()))
                .hasMessageContaining("legal basis");
    }

    @Test
    void unconditionalDataIsMaskedForEveryoneWithoutAGrant() {
        DatasetRules teachers = new DatasetRules("edu.teacher_certificate", "EDU", ShareType.UNCONDITIONAL, null,
                Map.of("holder_id_number", Masking.ID_NUMBER), Set.of("holder_id_number"));
        Access a = ((AccessDecision.Allowed) AccessPolicy.decide("APPROVAL", teachers, List.of(), NOW)).access();
        assertThat(a.apply("holder_id_number", "11010519491231002X")).isEqualTo("110105********002X");
        assertThat(a.purposeKeys()).isEmpty();
    }
}
