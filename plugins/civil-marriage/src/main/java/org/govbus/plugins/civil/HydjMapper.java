package org.govbus.plugins.civil;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.record.Problems;
import org.govbus.core.spi.RecordMapper;

/** Maps a row of {@code HYDJ_DJXX} to the canonical values of {@code MarriageRegistration}. */
final class HydjMapper implements RecordMapper {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, String> BUSINESS_TYPES = Map.of(
            "01", "MARRIAGE", "02", "DIVORCE", "03", "CERTIFICATE_REISSUE");
    private static final Map<String, String> STATUSES = Map.of("1", "VALID", "0", "REVOKED");

    private final ZoneId zone;

    HydjMapper(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String legacyKey(Map<String, Object> row) {
        return text(row.get("DJBH"));
    }

    @Override
    public Map<String, Object> map(Map<String, Object> row, Problems problems) {
        Map<String, Object> out = new HashMap<>(16);
        String djbh = text(row.get("DJBH"));
        if (djbh == null || !djbh.matches("[0-9A-Za-z-]{1,64}")) {
            problems.add("DJBH", djbh, "pattern", "registration number must be 1-64 letters, digits or '-'");
        }
        out.put("registration_no", djbh);
        out.put("business_type", code(row, "YWLX", BUSINESS_TYPES, problems));
        out.put("husband_name", name(row, "NAN_XM", problems));
        String husband = idNumber(row, "NAN_SFZH", problems);
        out.put("husband_id_number", husband);
        out.put("wife_name", name(row, "NV_XM", problems));
        String wife = idNumber(row, "NV_SFZH", problems);
        out.put("wife_id_number", wife);
        if (husband != null && husband.equalsIgnoreCase(wife)) {
            problems.add("NV_SFZH", wife, "spouses-differ", "husband and wife have the same ID number");
        }
        out.put("registered_on", date(row, "DJRQ", problems));
        String office = text(row.get("DJJG_DM"));
        if (office == null || !office.matches("[0-9A-Za-z]{1,32}")) {
            problems.add("DJJG_DM", office, "pattern", "registering office code must be 1-32 letters or digits");
        }
        out.put("registry_office_code", office);
        out.put("status", code(row, "ZT", STATUSES, problems));
        out.put("source_updated_at", instant(row, "GXSJ", problems));
        return out;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static String code(Map<String, Object> row, String column, Map<String, String> codes, Problems problems) {
        String v = text(row.get(column));
        String symbol = v == null ? null : codes.get(v);
        if (symbol == null) {
            problems.add(column, v, "code-list", "unknown code; allowed: " + new java.util.TreeSet<>(codes.keySet()));
        }
        return symbol;
    }

    private static String name(Map<String, Object> row, String column, Problems problems) {
        String v = text(row.get(column));
        if (v == null) {
            problems.add(column, null, "required", "a name is required");
        } else if (v.codePointCount(0, v.length()) > 50) {
            problems.add(column, v, "max-length", "a name has at most 50 characters");
        }
        return v;
    }

    private static String idNumber(Map<String, Object> row, String column, Problems problems) {
        String v = text(row.get(column));
        Optional<String> problem = CitizenIdNumber.problem(v);
        if (problem.isPresent()) {
            problems.add(column, v, "id-number", "not a valid citizen ID number (GB 11643): " + problem.get());
            return v;
        }
        return v.toUpperCase(java.util.Locale.ROOT);
    }

    private static LocalDate date(Map<String, Object> row, String column, Problems problems) {
        String v = text(row.get(column));
        if (v == null) {
            problems.add(column, null, "required", "a date is required");
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(v, YYYYMMDD);
            if (d.isAfter(LocalDate.now())) {
                problems.add(column, v, "not-future", "registration date is in the future");
            } else if (d.getYear() < 1950) {
                problems.add(column, v, "range", "registration date is before 1950");
            }
            return d;
        } catch (DateTimeParseException e) {
            problems.add(column, v, "date", "not a date in the form yyyyMMdd");
            return null;
        }
    }

    private Instant instant(Map<String, Object> row, String column, Problems problems) {
        Object v = row.get(column);
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().atZone(zone).toInstant();
        }
        if (v instanceof LocalDateTime t) {
            return t.atZone(zone).toInstant();
        }
        problems.add(column, v, "required", "a last-update time is required");
        return null;
    }
}
