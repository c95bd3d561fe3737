package org.govbus.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    static List<AuditEntry> log(int n) {
        List<AuditEntry> out = new ArrayList<>();
        AuditEntry prev = null;
        for (int i = 0; i < n; i++) {
            prev = AuditChain.next(prev, Instant.parse("2026-11-26T10:00:00Z").plusSeconds(i), "PLATFORM/console",
                    "registry.register", "subject-" + i, null, "{\"id\":" + i + "}");
            out.add(prev);
        }
        return out;
    }

    @Test
    void shouldHoldForAnUntouchedLog() {
        List<AuditEntry> log = log(5);
        assertThat(AuditChain.verify(log, log.get(4).hash())).isEmpty();
    }

    @Test
    void shouldFindAnEditedEntry() {
        List<AuditEntry> log = log(5);
        AuditEntry e = log.get(2);
        log.set(2, new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.before(), "{\"id\":99}",
                e.prevHash(), e.hash()));
        assertThat(AuditChain.verify(log, null)).get().extracting(AuditChain.Break::seq).isEqualTo(3L);
    }

    @Test
    void shouldFindADeletedEntryAndACutEnd() {
        List<AuditEntry> log = log(5);
        String head = log.get(4).hash();
        List<AuditEntry> deleted = new ArrayList<>(log);
        deleted.remove(1);
        assertThat(AuditChain.verify(deleted, head)).get().satisfies(b -> {
            assertThat(b.seq()).isEqualTo(2);
            assertThat(b.reason()).contains("deleted");
        });
        assertThat(AuditChain.verify(log.subList(0, 4), head)).get().satisfies(b -> assertThat(b.reason()).contains("cut off"));
    }

    @Test
    void shouldFindAnEntryRewrittenWithItsOwnHash() {
        List<AuditEntry> log = log(5);
        AuditEntry e = log.get(1);
        // A forger recomputes the changed entry's hash; the next entry no longer links to it.
        AuditEntry forged = new AuditEntry(e.seq(), e.at(), "SOMEONE/else", e.action(), e.target(), e.before(), e.after(),
                e.prevHash(), AuditChain.hash(e.seq(), e.at(), "SOMEONE/else", e.action(), e.target(), e.before(), e.after(),
                        e.prevHash()));
        log.set(1, forged);
        assertThat(AuditChain.verify(log, null)).get().extracting(AuditChain.Break::seq).isEqualTo(3L);
    }
}
