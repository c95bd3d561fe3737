package org.govbus.routes.declarative;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A route plugin read from {@code plugin.yaml}. Every mistake in the file is refused with where it is and
 * what is expected, before any source starts.
 */
public final class DeclarativePlugin implements RoutePlugin {

    private static final Set<String> FIELD_KEYS = Set.of("from", "value", "required", "pattern", "max-length", "date",
            "timestamp", "codes", "id-number", "integer", "not-future", "sensitive", "derive", "min", "max");
    private static final Set<String> DERIVATIONS = Set.of("birth-date", "sex");

    private final String name;
    private final List<Map<String, Object>> sources;

    private DeclarativePlugin(String name, List<Map<String, Object>> sources) {
        this.name = name;
        this.sources = sources;
    }

    /** Reads {@code plugin.yaml} (safe YAML: plain maps, lists and scalars only). */
    public static DeclarativePlugin read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(doc instanceof Map<?, ?> top)) {
                throw new IllegalArgumentException(file + ": expected a mapping with 'plugin' and 'sources'");
            }
            String name = string(top, "plugin", file.toString());
            Object list = top.get("sources");
            if (!(list instanceof List<?> l) || l.isEmpty()) {
                throw new IllegalArgumentException(file + ": 'sources' must list at least one source");
            }
            List<Map<String, Object>> sources = new ArrayList<>();
            for (Object o : l) {
                sources.add(map(o, file + ": each source"));
            }
            return new DeclarativePlugin(name, sources);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<SourceDefinition> sources(Map<String, String> settings) {
        List<SourceDefinition> out = new ArrayList<>();
        for (Map<String, Object> s : sources) {
            String where = "plugin " + name + ", source " + s.get("name");
            Map<String, String> options = new HashMap<>();
            map(s.getOrDefault("options", Map.of()), where + ": options").forEach((k, v) -> options.put(k, String.valueOf(v)));
            options.putAll(settings);
            ZoneId zone = ZoneId.of(settings.getOrDefault("zone", String.valueOf(s.getOrDefault("zone", "Asia/Shanghai"))));
            List<DeclarativeMapper.Field> fields = new ArrayList<>();
            Set<String> sensitive = new HashSet<>();
            Map<String, Object> declared = map(s.get("fields"), where + ": fields");
            for (Map.Entry<String, Object> e : declared.entrySet()) {
                fields.add(field(e.getKey(), map(e.getValue(), where + ": field " + e.getKey()), where, sensitive));
            }
            List<DeclarativeMapper.Check> checks = new ArrayList<>();
            for (Object c : s.get("checks") instanceof List<?> l ? l : List.of()) {
                Map<String, Object> check = map(c, where + ": each check");
                Object differ = check.get("differ");
                if (!(differ instanceof List<?> d) || d.size() < 2) {
                    throw new IllegalArgumentException(where + ": a check is {differ: [field, field, ...], message: ...}");
                }
                checks.add(new DeclarativeMapper.Check(d.stream().map(String::valueOf).toList(),
                        String.valueOf(check.getOrDefault("message", "must differ from " + d.get(0)))));
            }
            String key = string(s, "key", where);
            String keyColumn = fields.stream().filter(f -> f.target().equals(key)).map(DeclarativeMapper.Field::from)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(where + ": key '" + key
                            + "' is not one of the fields " + declared.keySet()));
            out.add(new SourceDefinition(string(s, "name", where), string(s, "agency", where), string(s, "dataset", where),
                    string(s, "schema", where), key, String.valueOf(s.getOrDefault("connector", "http-push")), options,
                    sensitive, new DeclarativeMapper(keyColumn, zone, fields, checks)));
        }
        return out;
    }

    private static DeclarativeMapper.Field field(String target, Map<String, Object> f, String where, Set<String> sensitive) {
        for (String k : f.keySet()) {
            if (!FIELD_KEYS.contains(k)) {
                throw new IllegalArgumentException(where + ": field " + target + " has unknown key '" + k + "'; keys: "
                        + new java.util.TreeSet<>(FIELD_KEYS));
            }
        }
        String from = f.get("from") == null ? null : String.valueOf(f.get("from"));
        if (from == null && !f.containsKey("value")) {
            throw new IllegalArgumentException(where + ": field " + target + " needs 'from' (a legacy column) or 'value'");
        }
        String kind = "text";
        String dateForm = null;
        Map<String, String> codes = null;
        if (f.containsKey("derive")) {
            String derive = String.valueOf(f.get("derive"));
            if (!DERIVATIONS.contains(derive) || from == null) {
                throw new IllegalArgumentException(where + ": field " + target + ": derive is one of " + DERIVATIONS
                        + ", from a column holding an ID number");
            }
            kind = "derive-" + derive;
        } else if (f.containsKey("date")) {
            kind = "date";
            dateForm = String.valueOf(f.get("date"));
        } else if (Boolean.TRUE.equals(f.get("timestamp"))) {
            kind = "timestamp";
        } else if (f.containsKey("codes")) {
            kind = "codes";
            codes = new LinkedHashMap<>();
            for (Map.Entry<String, Object> c : map(f.get("codes"), where + ": codes of " + target).entrySet()) {
                codes.put(c.getKey(), String.valueOf(c.getValue()));
            }
        } else if (Boolean.TRUE.equals(f.get("id-number"))) {
            kind = "id-number";
            sensitive.add(target);
            if (from != null) {
                sensitive.add(from);
            }
        } else if (Boolean.TRUE.equals(f.get("integer"))) {
            kind = "integer";
        }
        if (Boolean.TRUE.equals(f.get("sensitive"))) {
            sensitive.add(target);
            if (from != null) {
                sensitive.add(from);
            }
        }
        Object pattern = f.get("pattern");
        Object maxLength = f.get("max-length");
        if ((f.containsKey("min") || f.containsKey("max")) && !kind.equals("integer")) {
            throw new IllegalArgumentException(where + ": field " + target + ": min and max go with integer: true");
        }
        return new DeclarativeMapper.Field(target, from, kind, dateForm, codes, f.get("value"),
                Boolean.TRUE.equals(f.get("required")), pattern == null ? null : Pattern.compile(String.valueOf(pattern)),
                maxLength == null ? null : Integer.valueOf(String.valueOf(maxLength)), Boolean.TRUE.equals(f.get("not-future")),
                f.get("min") == null ? null : Long.valueOf(String.valueOf(f.get("min"))),
                f.get("max") == null ? null : Long.valueOf(String.valueOf(f.get("max"))));
    }

    private static String string(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        throw new IllegalArgumentException(where + " must be a mapping");
    }
}
