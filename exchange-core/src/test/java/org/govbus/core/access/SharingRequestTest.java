package org.govbus.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharingRequestTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void tenWorkingDaysSkipWeekends() {
        // Thursday 2026-11-26 10:00 in Shanghai: ten working days later is Thursday 2026-12-10, due by its end.
        Instant created = Instant.parse("2026-11-26T02:00:00Z");
        assertThat(SharingRequest.due(created, 10, SHANGHAI)).isEqualTo(Instant.parse("2026-12-10T16:00:00Z"));
        // A request made on a Saturday counts from Monday.
        assertThat(SharingRequest.due(Instant.parse("2026-11-28T02:00:00Z"), 1, SHANGHAI))
                .isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
    }

    @Test
    void onlyAPendingRequestPastItsDueTimeIsOverdue() {
        Instant created = Instant.parse("2026-11-26T02:00:00Z");
        Instant due = SharingRequest.due(created, 10, SHANGHAI);
        SharingRequest pending = new SharingRequest("r1", "civil.marriage_registration", "APPROVAL", "CIVIL",
                Set.of("wife_id_number"), "spouse settlement", "Household Registration Regulations art. 18", created,
                null, SharingRequest.Status.PENDING, created, due, null, null, null);
        assertThat(pending.overdueAt(due.minusSeconds(1))).isFalse();
        assertThat(pending.overdueAt(due.plusSeconds(1))).isTrue();
        SharingRequest refused = new SharingRequest("r1", pending.dataset(), "APPROVAL", "CIVIL", Set.of(), "p", "b",
                created, null, SharingRequest.Status.REFUSED, created, due, due, "no", null);
        assertThat(refused.overdueAt(due.plusSeconds(1))).isFalse();
        assertThat(SharingRequest.Status.PENDING.isFinal()).isFalse();
        assertThat(SharingRequest.Status.WITHDRAWN.isFinal()).isTrue();
    }
}
