package org.govbus.core.access;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Permission for one agency to read one CONDITIONAL dataset, as its provider answered a sharing request.
 *
 * @param id           the grant's identifier
 * @param dataset      {@code <agency>.<dataset>}
 * @param grantee      the agency that may read, for example {@code APPROVAL}
 * @param clearColumns sensitive columns the grantee sees in clear; all other sensitive columns stay masked
 * @param rowFilter    column to the values the grantee may see rows of (every listed column must match);
 *                     empty for all rows
 * @param purposeBound when true each query must name the person it is about: an equality on a person column
 * @param validFrom    start of the grant
 * @param validUntil   end of the grant, exclusive; {@code null} for no end
 * @param revokedAt    when it was revoked, {@code null} while it stands
 */
public record Grant(String id, String dataset, String grantee, Set<String> clearColumns,
        Map<String, Set<String>> rowFilter, boolean purposeBound, Instant validFrom, Instant validUntil,
        Instant revokedAt) {

    public Grant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(grantee, "grantee");
        Objects.requireNonNull(validFrom, "validFrom");
        clearColumns = Set.copyOf(clearColumns);
        rowFilter = Map.copyOf(rowFilter);
        rowFilter.forEach((column, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("grant " + id + ": row filter on " + column + " lists no value");
            }
        });
    }

    /** True when the grant stands at that instant. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && !now.isBefore(validFrom) && (validUntil == null || now.isBefore(validUntil));
    }
}
