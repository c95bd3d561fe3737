package org.govbus.core.access;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.govbus.core.mask.Masking;

/**
 * What access decisions need to know of one dataset.
 *
 * @param dataset       {@code <agency>.<dataset>} in lower snake case
 * @param provider      the agency that provides it, for example {@code CIVIL}
 * @param shareType     its share type
 * @param legalBasis    why it is not shared (NOT_SHARED), else may be {@code null}
 * @param sensitive     sensitive columns and how each is masked
 * @param personColumns columns that identify a person (a purpose-bound grant requires a query to name one of them)
 */
public record DatasetRules(String dataset, String provider, ShareType shareType, String legalBasis,
        Map<String, Masking> sensitive, Set<String> personColumns) {

    public DatasetRules {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(shareType, "shareType");
        sensitive = Map.copyOf(sensitive);
        personColumns = Set.copyOf(personColumns);
        if (shareType == ShareType.NOT_SHARED && (legalBasis == null || legalBasis.isBlank())) {
            throw new IllegalArgumentException("dataset " + dataset + " is NOT_SHARED and must state its legal basis");
        }
    }

    /** True when the agency provides this dataset. */
    public boolean providedBy(String agency) {
        return provider.equalsIgnoreCase(agency)
                || dataset.substring(0, dataset.indexOf('.')).equals(agency.toLowerCase(Locale.ROOT));
    }
}
