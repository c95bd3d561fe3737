package org.govbus.plugins.edu;

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
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Data-driven (src/test/resources/jszg-cases.csv): each bad legacy value names its column and rule. */
class JszgMapperTest {

    final JszgMapper mapper = new JszgMapper(ZoneId.of("Asia/Shanghai"));

    static Map<String, Object> row() {
        Map<String, Object> r = new HashMap<>();
        r.put("zsbh", "20151100000000012");
        r.put("xm", "李娜");
        r.put("sfzjhm", "11010519491231002X"); // sequence digit 2: female
        r.put("xb", "2");
        r.put("zgzl", "小学");
        r.put("rjxk", "数学");
        r.put("rdjg", "北京市朝阳区教育委员会");
        r.put("rdrq", java.sql.Date.valueOf("2015-03-01"));
        r.put("zczt", "已注册");
        r.put("yxqz", java.sql.Date.valueOf("2025-03-01"));
        r.put("update_time", Timestamp.valueOf("2026-11-26 10:00:00"));
        return r;
    }

    @Test
    void shouldMapAGoodRow() {
        Problems problems = new Problems("x", Set.of());
        Map<String, Object> v = mapper.map(row(), problems);
        assertThat(problems.errors()).isEmpty();
        assertThat(v).containsEntry("certificate_no", "20151100000000012").containsEntry("sex", "FEMALE")
                .containsEntry("qualification_level", "PRIMARY").containsEntry("certified_on", LocalDate.of(2015, 3, 1))
                .containsEntry("valid_until", LocalDate.of(2025, 3, 1))
                .containsEntry("source_updated_at", Instant.parse("2026-11-26T02:00:00Z"));
    }

    @Test
    void shouldTakeTheStringsAnHttpPushCarries() {
        Map<String, Object> r = row();
        r.put("rdrq", "2015-03-01");
        r.put("yxqz", null);
        r.put("update_time", "2026-11-26 10:00:00");
        Problems problems = new Problems("x", Set.of());
        Map<String, Object> v = mapper.map(r, problems);
        assertThat(problems.errors()).isEmpty();
        assertThat(v).containsEntry("certified_on", LocalDate.of(2015, 3, 1)).containsEntry("valid_until", null)
                .containsEntry("source_updated_at", Instant.parse("2026-11-26T02:00:00Z"));
    }

    @ParameterizedTest(name = "{0}={1} breaks {2}")
    @CsvFileSource(resources = "/jszg-cases.csv", delimiter = '|', nullValues = "NULL")
    void shouldNameTheColumnAndTheRule(String column, String value, String rule) {
        Map<String, Object> r = row();
        r.put(column, value);
        Problems problems = new Problems("20151100000000012", Set.of("sfzjhm"));
        mapper.map(r, problems);
        assertThat(problems.errors()).extracting(RecordError::field, RecordError::rule)
                .contains(org.assertj.core.groups.Tuple.tuple(column, rule));
        assertThat(problems.errors()).allSatisfy(e -> assertThat(e.describe()).doesNotContain("11010519491231"));
    }

    @Test
    void shouldBeFoundByServiceLoaderAndNameItsSource() {
        RoutePlugin plugin = java.util.ServiceLoader.load(RoutePlugin.class).stream().map(java.util.ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("edu-teacher")).findFirst().orElseThrow();
        SourceDefinition source = plugin.sources(Map.of("jdbc-url", "jdbc:postgresql://db/edu")).get(0);
        assertThat(source.dataset()).isEqualTo("edu.teacher_certificate");
        assertThat(source.options()).containsEntry("watermark-column", "update_time").containsEntry("key-column", "zsbh");
        assertThat(source.toString()).doesNotContain("password");
    }
}
