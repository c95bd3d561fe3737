package org.govbus.plugins.civil;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.govbus.core.record.Problems;
import org.govbus.core.record.RecordError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data-driven: each bad legacy value names its column and the rule it broke. */
class HydjMapperTest {

    final HydjMapper mapper = new HydjMapper(ZoneId.of("Asia/Shanghai"));

    static Map<String, Object> row() {
        Map<String, Object> r = new HashMap<>();
        r.put("DJBH", "DJ00000001");
        r.put("YWLX", "01");
        r.put("NAN_XM", "王伟");
        r.put("NAN_SFZH", "11010519491231002X");
        r.put("NV_XM", "李娜");
        r.put("NV_SFZH", "440524188001010014");
        r.put("DJRQ", "20200520");
        r.put("DJJG_DM", "110105001");
        r.put("ZT", "1");
        r.put("GXSJ", Timestamp.valueOf("2026-11-26 10:00:00"));
        return r;
    }

    @Test
    void shouldMapAGoodRow() {
        Problems problems = new Problems("DJ00000001", Set.of());
        Map<String, Object> v = mapper.map(row(), problems);
        assertThat(problems.errors()).isEmpty();
        assertThat(v).containsEntry("registration_no", "DJ00000001").containsEntry("business_type", "MARRIAGE")
                .containsEntry("registered_on", LocalDate.of(2020, 5, 20)).containsEntry("status", "VALID")
                .containsEntry("source_updated_at", Instant.parse("2026-11-26T02:00:00Z"));
    }

    @ParameterizedTest(name = "{0}={1} breaks {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "YWLX|09|code-list",
        "YWLX|NULL|code-list",
        "ZT|2|code-list",
        "NAN_SFZH|110105194912310021|id-number",
        "NV_SFZH|4405241880010100|id-number",
        "NV_SFZH|11010519491231002X|spouses-differ",
        "DJRQ|20200230|date",
        "DJRQ|2020-05-20|date",
        "DJRQ|29990101|not-future",
        "DJRQ|19000101|range",
        "NAN_XM|NULL|required",
        "DJJG_DM|1 OR 1=1; DROP TABLE x --|pattern",
        "DJBH|<script>|pattern",
        "GXSJ|NULL|required"})
    void shouldNameTheColumnAndTheRule(String column, String value, String rule) {
        Map<String, Object> r = row();
        r.put(column, value);
        Problems problems = new Problems("DJ00000001", Set.of("NAN_SFZH", "NV_SFZH"));
        mapper.map(r, problems);
        assertThat(problems.errors()).extracting(RecordError::field, RecordError::rule)
                .contains(org.assertj.core.groups.Tuple.tuple(column, rule));
    }

    @Test
    void shouldMaskIdNumbersInErrors() {
        Map<String, Object> r = row();
        r.put("NAN_SFZH", "110105194912310021");
        Problems problems = new Problems("DJ00000001", Set.of("NAN_SFZH", "NV_SFZH"));
        mapper.map(r, problems);
        assertThat(problems.errors().get(0).value()).isEqualTo("110105********0021");
        assertThat(problems.errors().get(0).describe()).doesNotContain("110105194912310021")
                .contains("DJ00000001", "NAN_SFZH", "id-number", "check character must be X");
    }
}
