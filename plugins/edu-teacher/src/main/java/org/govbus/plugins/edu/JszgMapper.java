package org.govbus.plugins.edu;

import static org.govbus.core.spi.LegacyValues.code;
import static org.govbus.core.spi.LegacyValues.date;
import static org.govbus.core.spi.LegacyValues.idNumber;
import static org.govbus.core.spi.LegacyValues.instant;
import static org.govbus.core.spi.LegacyValues.pattern;
import static org.govbus.core.spi.LegacyValues.required;
import static org.govbus.core.spi.LegacyValues.text;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.record.Problems;
import org.govbus.core.spi.LegacyValues;
import org.govbus.core.spi.RecordMapper;

/** Maps a row of {@code jszg_zsxx} to the canonical values of {@code TeacherCertificate}. */
final class JszgMapper implements RecordMapper {

    private static final Map<String, String> SEXES = Map.of("1", "MALE", "2", "FEMALE");
    private static final Map<String, String> LEVELS = Map.of(
            "幼儿园", "KINDERGARTEN",
            "小学", "PRIMARY",
            "初级中学", "JUNIOR_MIDDLE",
            "高级中学", "SENIOR_MIDDLE",
            "中等职业学校", "SECONDARY_VOCATIONAL",
            "中等职业学校实习指导", "SECONDARY_VOCATIONAL_PRACTICE",
            "高等学校", "HIGHER_EDUCATION");
    /** The Teachers Law took effect in 1994; earlier certificates were reissued under it. */
    private static final LocalDate FIRST_CERTIFICATE = LocalDate.of(1994, 1, 1);

    private final ZoneId zone;

    JszgMapper(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String legacyKey(Map<String, Object> row) {
        return text(row.get("zsbh"));
    }

    @Override
    public Map<String, Object> map(Map<String, Object> row, Problems problems) {
        Map<String, Object> out = new HashMap<>(16);
        out.put("certificate_no", pattern(row, "zsbh", "\\d{17}", "17 digits", problems));
        out.put("holder_name", required(row, "xm", 50, problems));
        String id = idNumber(row, "sfzjhm", problems);
        out.put("holder_id_number", id);
        String sex = code(row, "xb", SEXES, problems);
        out.put("sex", sex);
        if (sex != null && CitizenIdNumber.isValid(id) && CitizenIdNumber.isMale(id) != "MALE".equals(sex)) {
            problems.add("xb", text(row.get("xb")), "sex-matches-id", "sex " + sex
                    + " disagrees with the ID number's sequence digit");
        }
        out.put("qualification_level", code(row, "zgzl", LEVELS, problems));
        out.put("subject", text(row.get("rjxk")));
        out.put("certifying_authority", required(row, "rdjg", 100, problems));
        LocalDate certified = date(row, "rdrq", LegacyValues.ISO_DATE, true, FIRST_CERTIFICATE, LocalDate.now(zone), problems);
        out.put("certified_on", certified);
        out.put("registration_status", text(row.get("zczt")));
        LocalDate validUntil = date(row, "yxqz", LegacyValues.ISO_DATE, false, null, null, problems);
        if (validUntil != null && certified != null && validUntil.isBefore(certified)) {
            problems.add("yxqz", validUntil, "after-certification", "valid-until " + validUntil
                    + " is before the certification date " + certified);
        }
        out.put("valid_until", validUntil);
        out.put("source_updated_at", instant(row, "update_time", zone, problems));
        return out;
    }
}
