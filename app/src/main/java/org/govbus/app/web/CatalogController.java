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

    public CatalogController(DatasetCatalog catalog) {
        this.catalog = catalog;
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
