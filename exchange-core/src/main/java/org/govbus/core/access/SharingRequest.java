package org.govbus.core.access;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * A consuming agency's request for a CONDITIONAL dataset, and the provider's answer.
 *
 * @param id          its identifier
 * @param dataset     the dataset asked for
 * @param requester   the consuming agency
 * @param provider    the providing agency, which answers
 * @param columns     the sensitive columns asked for in clear
 * @param purpose     what the data is for
 * @param legalBasis  the law or rule under which the requester needs it
 * @param periodFrom  start of the use asked for
 * @param periodUntil end of the use asked for
 * @param status      where it stands
 * @param createdAt   when it was made
 * @param dueAt       when the answer is due
 * @param answeredAt  when it was answered, withdrawn or found expired
 * @param answer      the refusal's reason, or the approval's note
 * @param grantId     the grant an approval made
 */
public record SharingRequest(String id, String dataset, String requester, String provider, Set<String> columns,
        String purpose, String legalBasis, Instant periodFrom, Instant periodUntil, Status status, Instant createdAt,
        Instant dueAt, Instant answeredAt, String answer, String grantId) {

    /** Where a request stands. Only PENDING moves, and only once. */
    public enum Status {
        PENDING, APPROVED, REFUSED, WITHDRAWN, EXPIRED;

        public boolean isFinal() {
            return this != PENDING;
        }
    }

    public SharingRequest {
        columns = Set.copyOf(columns);
    }

    /** True when the answer is late: still pending after its due time. */
    public boolean overdueAt(Instant now) {
        return status == Status.PENDING && now.isAfter(dueAt);
    }

    /**
     * The due time of an answer: the end of the day that lies the given number of working days (Monday to Friday)
     * after the request. Public holidays are not known to GovBus; configure fewer days where they matter.
     */
    public static Instant due(Instant created, int workingDays, ZoneId zone) {
        LocalDate day = created.atZone(zone).toLocalDate();
        int left = workingDays;
        while (left > 0) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
