package org.govbus.app.access;

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
 * The access rules of each dataset GovBus serves: the share type from configuration (CONDITIONAL when not
 * configured, so nothing is shared by accident), sensitive columns and how to mask them from the canonical schema's
 * {@code govbus.sensitive} field property, and the columns that identify a person (sensitive as {@code id_number}).
 */
public class DatasetCatalog {

    private final Map<String, Map<String, GovBusProperties.CatalogSetting>> settings;
    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

    /** A dataset, its rules and the names and order of its columns. */
    public record Entry(DatasetRules rules, List<String> columns) {
    }

    public DatasetCatalog(Map<String, Map<String, GovBusProperties.CatalogSetting>> settings) {
        this.settings = settings;
    }

    /** Adds or replaces a dataset from its canonical schema. */
    public void register(String dataset, String provider, Schema schema) {
        Map<String, Masking> sensitive = new LinkedHashMap<>();
        Set<String> persons = new LinkedHashSet<>();
        List<String> columns = schema.getFields().stream().map(Schema.Field::name).toList();
        for (Schema.Field f : schema.getFields()) {
            Object kind = f.getObjectProp("govbus.sensitive");
            if (kind != null) {
                Masking m = Masking.forKind(kind.toString());
                sensitive.put(f.name(), m);
                if (m == Masking.ID_NUMBER) {
                    persons.add(f.name());
                }
            }
        }
        GovBusProperties.CatalogSetting setting = setting(dataset);
        ShareType type = ShareType.valueOf(setting.shareType().trim().toUpperCase(Locale.ROOT));
        entries.put(dataset, new Entry(new DatasetRules(dataset, provider, type, setting.legalBasis(), sensitive, persons),
                columns));
    }

    private GovBusProperties.CatalogSetting setting(String dataset) {
        int dot = dataset.indexOf('.');
        GovBusProperties.CatalogSetting s = settings.getOrDefault(dataset.substring(0, dot), Map.of())
                .get(dataset.substring(dot + 1));
        return s == null ? new GovBusProperties.CatalogSetting("CONDITIONAL", null) : s;
    }

    public Optional<Entry> entry(String dataset) {
        return Optional.ofNullable(entries.get(dataset));
    }

    public Collection<Entry> entries() {
        return entries.values();
    }
}
