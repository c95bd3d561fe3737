package org.govbus.core.audit;

import java.time.Instant;

/**
 * One administrative act: who did what to which thing, the state before and after (never a secret), and the
 * link to the entry before it.
 *
 * @param seq      position in the log, from 1, without gaps
 * @param at       when, to the millisecond
 * @param actor    who: {@code AGENCY/system}, an account, or {@code govbus} for the platform itself
 * @param action   what, for example {@code registry.register}
 * @param target   on what, for example a subject name
 * @param before   state before, or null
 * @param after    state after, or null
 * @param prevHash hash of the entry before ({@link AuditChain#GENESIS} for the first)
 * @param hash     SM3 over all of the above
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, String before,
        String after, String prevHash, String hash) {
}
