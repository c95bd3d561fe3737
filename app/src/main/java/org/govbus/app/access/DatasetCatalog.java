package org.govbus.app.access;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.avro.Schema;
import org.govbus.app.config.GovBusProperties;
import org.govbus.core.access.DatasetRules;
import org.govbus.core.access.ShareType;
import org.govbus.core.mask.Masking;

/**
 * The catalog: one entry per dataset, with the fields of the national cataloguing guide. The share type and the
 * descriptive fields come from configuration (CONDITIONAL when not configured, so nothing is shared by accident);
 * the data items of a served dataset from its canonical schema, sensitive ones marked by the field property
 * {@code govbus.sensitive}; columns sensitive as {@code id_number} identify a person. A dataset GovBus does not
 * serve may be catalogued from configuration alone (for example a NOT_SHARED one with its legal basis).
 */
public class DatasetCatalog {

    private final Map<String, Map<String, GovBusProperties.CatalogSetting>> settings;
    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();
    /** Settings changed through the API by the provider's AGENCY_ADMIN; they win over configuration. */
    private final Map<String, GovBusProperties.CatalogSetting> edits = new java.util.concurrent.ConcurrentHashMap<>();

    /** One data item: a column, its type, whether and how it is masked, what it means. */
    public record Item(String name, String type, String sensitive, String doc) {
    }

    /**
     * A catalog entry.
     *
     * @param rules   what access decisions need
     * @param columns the names of its columns in order
     * @param info    the descriptive fields
     * @param items   its data items
     * @param served  whether GovBus serves its data (false: catalogued only)
     */
    public record Entry(DatasetRules rules, List<String> columns, Info info, List<Item> items, boolean served) {
        /** The schema registry subject of its canonical schema. */
        public String schemaSubject() {
            return served ? rules.dataset() + "-value" : null;
        }
    }

    /** The descriptive fields of an entry. */
    public record Info(String code, String name, String summary, String format, String conditions, String scope,
            String updateCycle, LocalDate publishDate) {
    }

    public DatasetCatalog(Map<String, Map<String, GovBusProperties.CatalogSetting>> settings) {
        this.settings = settings;
        settings.forEach((agency, datasets) -> datasets.forEach((name, s) -> {
            if (s.items() != null && !s.items().isEmpty()) {
                String dataset = agency + "." + name;
                List<Item> items = s.items().stream().map(i -> new Item(i.name(), i.type(), i.sensitive(), i.doc())).toList();
                String provider = s.provider() == null ? agency.toUpperCase(Locale.ROOT) : s.provider();
                entries.put(dataset, entry(dataset, provider, items, s, false));
            }
        }));
    }

    /** Adds or replaces a served dataset from its canonical schema. */
    public void register(String dataset, String provider, Schema schema) {
        List<Item> items = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            Object kind = f.getObjectProp("govbus.sensitive");
            items.add(new Item(f.name(), typeName(f.schema()), kind == null ? null : kind.toString(), f.doc()));
        }
        entries.put(dataset, entry(dataset, provider, items, setting(dataset), true));
    }

    private static Entry entry(String dataset, String provider, List<Item> items, GovBusProperties.CatalogSetting s,
            boolean served) {
        Map<String, Masking> sensitive = new LinkedHashMap<>();
        Set<String> persons = new LinkedHashSet<>();
        for (Item i : items) {
            if (i.sensitive() != null) {
                Masking m = Masking.forKind(i.sensitive());
                sensitive.put(i.name(), m);
                if (m == Masking.ID_NUMBER) {
                    persons.add(i.name());
                }
            }
        }
        ShareType type = ShareType.valueOf(s.shareType().trim().toUpperCase(Locale.ROOT));
        Info info = new Info(s.code() == null ? dataset : s.code(), s.name() == null ? dataset : s.name(), s.summary(),
                s.format() == null ? (served ? "database table (SQL, JDBC) and change events (Avro)" : null) : s.format(),
                s.conditions(), s.scope(), s.updateCycle(), s.publishDate());
        return new Entry(new DatasetRules(dataset, provider, type, s.legalBasis(), sensitive, persons),
                items.stream().map(Item::name).toList(), info, List.copyOf(items), served);
    }

    private static String typeName(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().map(DatasetCatalog::typeName)
                    .orElse("null");
        }
        if (s.getLogicalType() != null) {
            return s.getLogicalType().getName();
        }
        return s.getType().getName();
    }

    /** Applies a stored edit (at start, before datasets are served). */
    public void applyEdit(String dataset, GovBusProperties.CatalogSetting setting) {
        edits.put(dataset, setting);
        Entry e = entries.get(dataset);
        if (e != null) {
            entries.put(dataset, entry(dataset, e.rules().provider(), e.items(), setting, e.served()));
        }
    }

    /**
     * Changes an entry's share type and descriptive fields; the next query and the next delivery follow it.
     * Returns the entry as it was.
     */
    public Entry edit(String dataset, GovBusProperties.CatalogSetting setting) {
        Entry before = entries.get(dataset);
        if (before == null) {
            throw new AccessException(404, "not_found", "the catalog has no dataset " + dataset);
        }
        try {
            entry(dataset, before.rules().provider(), before.items(), setting, before.served());
        } catch (IllegalArgumentException e) {
            throw new AccessException(422, "invalid", e.getMessage());
        }
        applyEdit(dataset, setting);
        return before;
    }

    /** The setting an entry follows now, configured or edited. */
    public GovBusProperties.CatalogSetting setting(String dataset) {
        GovBusProperties.CatalogSetting edited = edits.get(dataset);
        if (edited != null) {
            return edited;
        }
        int dot = dataset.indexOf('.');
        GovBusProperties.CatalogSetting s = settings.getOrDefault(dataset.substring(0, dot), Map.of())
                .get(dataset.substring(dot + 1));
        return s == null ? GovBusProperties.CatalogSetting.of("CONDITIONAL", null) : s;
    }

    /** Whether a dataset is to be read live from its department's database rather than from the store. */
    public boolean servedLive(String dataset) {
        return "live".equalsIgnoreCase(setting(dataset).servedFrom());
    }

    public Optional<Entry> entry(String dataset) {
        return Optional.ofNullable(entries.get(dataset));
    }

    public Collection<Entry> entries() {
        return entries.values();
    }
}
