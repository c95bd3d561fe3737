package org.govbus.plugins.civil;

import static org.govbus.core.spi.LegacyValues.code;
import static org.govbus.core.spi.LegacyValues.date;
import static org.govbus.core.spi.LegacyValues.idNumber;
import static org.govbus.core.spi.LegacyValues.instant;
import static org.govbus.core.spi.LegacyValues.pattern;
import static org.govbus.core.spi.LegacyValues.required;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.govbus.core.record.Problems;
import org.govbus.core.spi.LegacyValues;
import org.govbus.core.spi.RecordMapper;

/** Maps a row of {@code HYDJ_DJXX} to the canonical values of {@code MarriageRegistration}. */
final class HydjMapper implements RecordMapper {

    private static final LocalDate FIRST_REGISTRATION = LocalDate.of(1950, 1, 1);
    private static final Map<String, String> BUSINESS_TYPES = Map.of(
            "01", "MARRIAGE", "02", "DIVORCE", "03", "CERTIFICATE_REISSUE");
    private static final Map<String, String> STATUSES = Map.of("1", "VALID", "0", "REVOKED");

    private final ZoneId zone;

    HydjMapper(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String legacyKey(Map<String, Object> row) {
        return LegacyValues.text(row.get("DJBH"));
    }

    @Override
    public Map<String, Object> map(Map<String, Object> row, Problems problems) {
        Map<String, Object> out = new HashMap<>(16);
        out.put("registration_no", pattern(row, "DJBH", "[0-9A-Za-z-]{1,64}", "1-64 letters, digits or '-'", problems));
        out.put("business_type", code(row, "YWLX", BUSINESS_TYPES, problems));
        out.put("husband_name", required(row, "NAN_XM", 50, problems));
        String husband = idNumber(row, "NAN_SFZH", problems);
        out.put("husband_id_number", husband);
        out.put("wife_name", required(row, "NV_XM", 50, problems));
        String wife = idNumber(row, "NV_SFZH", problems);
        out.put("wife_id_number", wife);
        if (husband != null && husband.equalsIgnoreCase(wife)) {
            problems.add("NV_SFZH", wife, "spouses-differ", "husband and wife have the same ID number");
        }
        out.put("registered_on", date(row, "DJRQ", LegacyValues.YYYYMMDD, true, FIRST_REGISTRATION, LocalDate.now(zone), problems));
        out.put("registry_office_code", pattern(row, "DJJG_DM", "[0-9A-Za-z]{1,32}", "1-32 letters or digits", problems));
        out.put("status", code(row, "ZT", STATUSES, problems));
        out.put("source_updated_at", instant(row, "GXSJ", zone, problems));
        return out;
    }
}
