package org.govbus.core.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.govbus.core.crypto.Sm3;

/**
 * The hash chain of the audit log. Each entry's hash covers its own fields and the previous entry's hash, so
 * changing an entry breaks its own hash, inserting or deleting one breaks the sequence or the link, and the
 * verifier names the first entry where that happened.
 */
public final class AuditChain {

    /** The "previous hash" of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** Where and why the chain breaks. */
    public record Break(long seq, String reason) {
    }

    /** Makes the next entry after {@code prev} (null for the first). */
    public static AuditEntry next(AuditEntry prev, Instant at, String actor, String action, String target, String before,
            String after) {
        long seq = prev == null ? 1 : prev.seq() + 1;
        String prevHash = prev == null ? GENESIS : prev.hash();
        Instant millis = Instant.ofEpochMilli(at.toEpochMilli());
        return new AuditEntry(seq, millis, actor, action, target, before, after, prevHash,
                hash(seq, millis, actor, action, target, before, after, prevHash));
    }

    /** SM3 over the fields, each length-prefixed so that no two different entries hash alike by concatenation. */
    public static String hash(long seq, Instant at, String actor, String action, String target, String before,
            String after, String prevHash) {
        StringBuilder s = new StringBuilder();
        for (String part : new String[] {Long.toString(seq), Long.toString(at.toEpochMilli()), actor, action, target,
                before, after, prevHash}) {
            if (part == null) {
                s.append("-1:");
            } else {
                s.append(part.getBytes(StandardCharsets.UTF_8).length).append(':').append(part);
            }
            s.append('|');
        }
        return Sm3.hex(s.toString());
    }

    /**
     * Checks entries in log order.
     *
     * @param expectedHead the hash of the last entry as recorded elsewhere (so that cutting off the end of the
     *     log is found too), or null to skip that check
     * @return the first break, or empty when the chain holds
     */
    public static Optional<Break> verify(Iterable<AuditEntry> entries, String expectedHead) {
        long expectedSeq = 1;
        String prevHash = GENESIS;
        for (AuditEntry e : entries) {
            if (e.seq() != expectedSeq) {
                return Optional.of(new Break(expectedSeq, e.seq() > expectedSeq
                        ? "entry " + expectedSeq + " is missing (the next entry is " + e.seq() + "): an entry was deleted"
                        : "entry " + e.seq() + " comes again or out of order: an entry was inserted"));
            }
            if (!e.prevHash().equals(prevHash)) {
                return Optional.of(new Break(e.seq(), "entry " + e.seq() + " does not link to entry " + (e.seq() - 1)
                        + ": an entry before it was replaced"));
            }
            String recomputed = hash(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.before(), e.after(), e.prevHash());
            if (!recomputed.equals(e.hash())) {
                return Optional.of(new Break(e.seq(), "entry " + e.seq() + " was changed after it was written"));
            }
            prevHash = e.hash();
            expectedSeq++;
        }
        if (expectedHead != null && !expectedHead.equals(prevHash)) {
            return Optional.of(new Break(expectedSeq, "the log ends at entry " + (expectedSeq - 1)
                    + " but its recorded head is elsewhere: entries were cut off the end"));
        }
        return Optional.empty();
    }
}
