package org.govbus.core.access;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.govbus.core.mask.Masking;

/**
 * The sharing rules as one function: an agency, a dataset's rules and the grants it holds give what it may see.
 *
 * <ul>
 *   <li>The provider sees its own dataset whole.</li>
 *   <li>UNCONDITIONAL: everyone, sensitive columns masked unless a grant names them in clear.</li>
 *   <li>CONDITIONAL: only with a standing grant; its clear columns, row filter and purpose binding apply.</li>
 *   <li>NOT_SHARED: nobody else; others are not even told it exists.</li>
 * </ul>
 * Where an agency holds several standing grants of one dataset, the newest governs.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    public static AccessDecision decide(String agency, DatasetRules rules, Collection<Grant> grants, Instant now) {
        if (rules.providedBy(agency)) {
            return new AccessDecision.Allowed(new Access(rules.dataset(), Map.of(), Map.of(), Set.of(), null));
        }
        Optional<Grant> grant = grants.stream()
                .filter(g -> g.dataset().equals(rules.dataset()) && g.grantee().equalsIgnoreCase(agency) && g.activeAt(now))
                .max(Comparator.comparing(Grant::validFrom).thenComparing(Grant::id));
        return switch (rules.shareType()) {
            case NOT_SHARED -> new AccessDecision.Refused("dataset " + rules.dataset() + " does not exist", false);
            case UNCONDITIONAL -> new AccessDecision.Allowed(grant.map(g -> of(rules, g))
                    .orElseGet(() -> new Access(rules.dataset(), rules.sensitive(), Map.of(), Set.of(), null)));
            case CONDITIONAL -> grant.<AccessDecision>map(g -> new AccessDecision.Allowed(of(rules, g)))
                    .orElseGet(() -> new AccessDecision.Refused("dataset " + rules.dataset()
                            + " is shared on condition and " + agency + " holds no standing grant for it: request access to "
                            + rules.dataset() + " (POST /api/v1/sharing-requests)", true));
        };
    }

    private static Access of(DatasetRules rules, Grant grant) {
        Map<String, Masking> masked = new HashMap<>(rules.sensitive());
        masked.keySet().removeAll(grant.clearColumns());
        return new Access(rules.dataset(), masked, grant.rowFilter(),
                grant.purposeBound() ? rules.personColumns() : Set.of(), grant.id());
    }
}
