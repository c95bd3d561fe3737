package org.govbus.app.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import org.govbus.app.access.AccessException;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.core.access.ShareType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The data catalog: every dataset with the fields of the national cataloguing guide. */
@RestController
@RequestMapping("/api/v1/catalog")
public class CatalogController {

    private final DatasetCatalog catalog;
    private final org.govbus.app.access.CatalogEdits edits;
    private final org.govbus.app.audit.AuditLog audit;

    public CatalogController(DatasetCatalog catalog, org.govbus.app.access.CatalogEdits edits,
            org.govbus.app.audit.AuditLog audit) {
        this.catalog = catalog;
        this.edits = edits;
        this.audit = audit;
    }

    /** What the provider's AGENCY_ADMIN may change of an entry; absent fields keep their value. */
    public record Change(String shareType, String legalBasis, String code, String name, String summary, String format,
            String conditions, String scope, String updateCycle, java.time.LocalDate publishDate) {
    }

    @Operation(summary = "Change an entry's share type and descriptive fields (the provider's AGENCY_ADMIN); the next "
            + "query and delivery follow it")
    @org.springframework.web.bind.annotation.PutMapping("/{id}")
    public Entry change(@PathVariable("id") String id, @org.springframework.web.bind.annotation.RequestBody Change body,
            jakarta.servlet.http.HttpServletRequest http) {
        org.govbus.app.security.Caller c = SharingController.caller(http);
        DatasetCatalog.Entry e = catalog.entry(id)
                .orElseThrow(() -> new AccessException(404, "not_found", "the catalog has no dataset " + id));
        if (!c.has(org.govbus.core.access.Role.AGENCY_ADMIN) || !e.rules().providedBy(c.agency())) {
            throw new AccessException(403, "forbidden", "only the AGENCY_ADMIN of " + e.rules().provider()
                    + ", its provider, changes the entry of " + id);
        }
        org.govbus.app.config.GovBusProperties.CatalogSetting now = catalog.setting(id);
        org.govbus.app.config.GovBusProperties.CatalogSetting next = new org.govbus.app.config.GovBusProperties.CatalogSetting(
                or(body.shareType(), now.shareType()), or(body.legalBasis(), now.legalBasis()), or(body.code(), now.code()),
                or(body.name(), now.name()), or(body.summary(), now.summary()), or(body.format(), now.format()),
                or(body.conditions(), now.conditions()), or(body.scope(), now.scope()), or(body.updateCycle(), now.updateCycle()),
                body.publishDate() == null ? now.publishDate() : body.publishDate(), now.provider(), now.items(),
                now.servedFrom());
        catalog.edit(id, next);
        edits.save(id, next);
        audit.append(c.actor(), "catalog.edit", id, org.govbus.app.access.CatalogEdits.describeSetting(now),
                org.govbus.app.access.CatalogEdits.describeSetting(next));
        return Entry.of(catalog.entry(id).orElseThrow());
    }

    private static String or(String a, String b) {
        return a == null ? b : a;
    }

    /** A catalog entry as the API shows it. */
    public record Entry(String id, String code, String name, String provider, String summary, String format,
            List<DatasetCatalog.Item> dataItems, ShareType shareType, String shareConditions, String shareScope,
            String legalBasis, String updateCycle, java.time.LocalDate publishDate, String schemaSubject, boolean served) {

        static Entry of(DatasetCatalog.Entry e) {
            DatasetCatalog.Info i = e.info();
            return new Entry(e.rules().dataset(), i.code(), i.name(), e.rules().provider(), i.summary(), i.format(), e.items(),
                    e.rules().shareType(), i.conditions(), i.scope(), e.rules().legalBasis(), i.updateCycle(), i.publishDate(),
                    e.schemaSubject(), e.served());
        }

        boolean matches(String q) {
            String text = String.join(" ", id, code, name, provider, summary == null ? "" : summary,
                    shareType.name(), String.join(" ", dataItems.stream().map(d -> d.name() + " " + (d.doc() == null ? "" : d.doc())).toList()))
                    .toLowerCase(Locale.ROOT);
            for (String word : q.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
                if (!text.contains(word)) {
                    return false;
                }
            }
            return true;
        }
    }

    @Operation(summary = "Browse or search the catalog (every word of q must appear in the entry)")
    @GetMapping
    public List<Entry> search(@RequestParam(name = "q", required = false) String q) {
        return catalog.entries().stream().map(Entry::of).filter(e -> q == null || q.isBlank() || e.matches(q)).toList();
    }

    @Operation(summary = "One catalog entry, by <agency>.<dataset>")
    @GetMapping("/{id}")
    public Entry get(@PathVariable("id") String id) {
        return catalog.entry(id).map(Entry::of)
                .orElseThrow(() -> new AccessException(404, "not_found", "the catalog has no dataset " + id));
    }
}
