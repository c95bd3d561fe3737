package org.govbus.routes.declarative;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.govbus.core.record.Problems;
import org.govbus.core.spi.LegacyValues;
import org.govbus.core.spi.RecordMapper;

/**
 * A mapping written as data: for each canonical field, where it comes from, how it converts and which rules it
 * must pass; then cross-field checks. Each rule breaks with the legacy column's name, as a Java mapper's would.
 */
public final class DeclarativeMapper implements RecordMapper {

    private final String keyColumn;
    private final ZoneId zone;
    private final List<Field> fields;
    private final List<Check> checks;

    /** One canonical field. */
    record Field(String target, String from, String kind, String dateForm, Map<String, String> codes, Object constant,
            boolean required, Pattern pattern, Integer maxLength, boolean notFuture, Long min, Long max) {
    }

    /** A cross-field rule: these canonical fields must all differ. */
    record Check(List<String> differ, String message) {
    }

    DeclarativeMapper(String keyColumn, ZoneId zone, List<Field> fields, List<Check> checks) {
        this.keyColumn = keyColumn;
        this.zone = zone;
        this.fields = List.copyOf(fields);
        this.checks = List.copyOf(checks);
    }

    @Override
    public String legacyKey(Map<String, Object> row) {
        return LegacyValues.text(row.get(keyColumn));
    }

    @Override
    public Map<String, Object> map(Map<String, Object> row, Problems problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> columnOf = new LinkedHashMap<>();
        for (Field f : fields) {
            columnOf.put(f.target(), f.from());
            out.put(f.target(), convert(f, row, problems));
        }
        for (Check c : checks) {
            List<Object> seen = new ArrayList<>();
            for (String target : c.differ()) {
                Object v = out.get(target);
                if (v != null && seen.contains(v)) {
                    problems.add(columnOf.getOrDefault(target, target), v, "differ", c.message());
                }
                seen.add(v);
            }
        }
        return out;
    }

    private Object convert(Field f, Map<String, Object> row, Problems problems) {
        if (f.from() == null) {
            return f.constant();
        }
        String column = f.from();
        Object value = switch (f.kind()) {
            case "id-number" -> row.get(column) == null && !f.required() ? null : LegacyValues.idNumber(row, column, problems);
            case "date" -> LegacyValues.date(row, column, f.dateForm(), f.required(), null,
                    f.notFuture() ? LocalDate.now(zone) : null, problems);
            case "timestamp" -> row.get(column) == null && !f.required() ? null : LegacyValues.instant(row, column, zone, problems);
            case "codes" -> row.get(column) == null && !f.required() ? null : LegacyValues.code(row, column, f.codes(), problems);
            case "integer" -> integer(f, row, problems);
            case "derive-birth-date", "derive-sex" -> derive(f, row, problems);
            default -> LegacyValues.text(row.get(column));
        };
        if (f.kind().equals("text")) {
            String text = (String) value;
            if (text == null && f.required()) {
                problems.add(column, null, "required", "a value is required");
            } else if (text != null && f.maxLength() != null && text.codePointCount(0, text.length()) > f.maxLength()) {
                problems.add(column, text, "max-length", "at most " + f.maxLength() + " characters");
            } else if (text != null && f.pattern() != null && !f.pattern().matcher(text).matches()) {
                problems.add(column, text, "pattern", "must match " + f.pattern().pattern());
            }
        }
        return value;
    }

    /** A value the citizen ID number carries: the birth date, or the sex from the sequence digit. */
    private static Object derive(Field f, Map<String, Object> row, Problems problems) {
        String id = LegacyValues.text(row.get(f.from()));
        if (id == null || !org.govbus.core.id.CitizenIdNumber.isValid(id)) {
            if (f.required()) {
                problems.add(f.from(), id, "id-number", "a valid citizen ID number is needed to derive " + f.target());
            }
            return null;
        }
        return f.kind().equals("derive-sex") ? (org.govbus.core.id.CitizenIdNumber.isMale(id) ? "MALE" : "FEMALE")
                : org.govbus.core.id.CitizenIdNumber.birthDate(id);
    }

    private static Integer integer(Field f, Map<String, Object> row, Problems problems) {
        String column = f.from();
        String text = LegacyValues.text(row.get(column));
        if (text == null) {
            if (f.required()) {
                problems.add(column, null, "required", "a value is required");
            }
            return null;
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            problems.add(column, text, "integer", "not a whole number");
            return null;
        }
        if ((f.min() != null && n < f.min()) || (f.max() != null && n > f.max())) {
            problems.add(column, text, "range", "must be between " + (f.min() == null ? "-" : f.min()) + " and "
                    + (f.max() == null ? "-" : f.max()));
        }
        return n;
    }
}
