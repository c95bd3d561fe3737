package org.govbus.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.govbus.core.mask.Masking;
import org.govbus.core.record.Problems;
import org.govbus.core.record.RecordError;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalCodecTest {

    static final String MARRIAGE = "org.govbus.canonical.MarriageRegistration";

    @TempDir
    Path dir;
    SchemaRegistry registry;
    CanonicalCodec codec;

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("registry"));
        registry = new SchemaRegistry(ds);
        Schema schema = CanonicalSchemas.byName(MARRIAGE);
        codec = new CanonicalCodec(schema, registry.register("civil.marriage_registration-value", schema));
    }

    static Map<String, Object> marriage() {
        Map<String, Object> v = new HashMap<>();
        v.put("registration_no", "DJ00000001");
        v.put("business_type", "MARRIAGE");
        v.put("husband_name", "王伟");
        v.put("husband_id_number", "11010519491231002X");
        v.put("wife_name", "李娜");
        v.put("wife_id_number", "440524188001010014");
        v.put("registered_on", LocalDate.of(2020, 5, 20));
        v.put("registry_office_code", "110105001");
        v.put("status", "VALID");
        v.put("source_updated_at", Instant.parse("2026-11-26T01:02:03.456Z"));
        return v;
    }

    @Test
    void shouldRoundTripThroughTheWireFormat() throws Exception {
        Problems problems = new Problems("DJ00000001", Set.of());
        GenericRecord record = codec.toRecord(marriage(), problems);
        assertThat(problems.errors()).isEmpty();
        byte[] wire = codec.wire(codec.body(record));
        assertThat(wire[0]).isZero();
        assertThat(java.nio.ByteBuffer.wrap(wire, 1, 4).getInt()).isEqualTo(codec.schemaId());
        assertThat(CanonicalCodec.values(CanonicalCodec.decode(wire, registry))).isEqualTo(marriage());
    }

    @Test
    void shouldReportEveryProblemWithItsFieldAndRule() {
        Map<String, Object> v = marriage();
        v.put("status", "MAYBE");
        v.remove("wife_name");
        v.put("registered_on", "2020-05-20");
        v.put("nickname", "x");
        Problems problems = new Problems("DJ00000001", Set.of());
        assertThat(codec.toRecord(v, problems)).isNull();
        assertThat(problems.errors()).extracting(RecordError::field, RecordError::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("nickname", "unknown-field"),
                org.assertj.core.groups.Tuple.tuple("status", "code-list"),
                org.assertj.core.groups.Tuple.tuple("wife_name", "required"),
                org.assertj.core.groups.Tuple.tuple("registered_on", "type"));
        assertThat(problems.errors()).allMatch(e -> e.record().equals("DJ00000001"));
    }

    @Test
    void shouldRefuseUnknownIdsAndCorruptPayloadsWithAClearError() throws Exception {
        byte[] good = codec.wire(codec.body(codec.toRecord(marriage(), new Problems("x", Set.of()))));
        byte[] unknownId = good.clone();
        unknownId[4] = 99;
        assertThatThrownBy(() -> CanonicalCodec.decode(unknownId, registry)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown schema ID");
        byte[] magic = good.clone();
        magic[0] = 1;
        assertThatThrownBy(() -> CanonicalCodec.decode(magic, registry)).hasMessageContaining("magic byte");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 10);
        assertThatThrownBy(() -> CanonicalCodec.decode(truncated, registry)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("does not decode");
        assertThatThrownBy(() -> CanonicalCodec.decode(new byte[] {0, 0}, registry)).hasMessageContaining("too short");
    }

    @Test
    void shouldKeepIdsStableAndRegistrationIdempotentAcrossRestarts() {
        Schema schema = CanonicalSchemas.byName(MARRIAGE);
        int id = codec.schemaId();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("registry"));
        SchemaRegistry reopened = new SchemaRegistry(ds);
        assertThat(reopened.register("civil.marriage_registration-value", schema)).isEqualTo(id);
        assertThat(reopened.register("another-subject", schema)).isEqualTo(id);
        assertThat(reopened.byId(id)).contains(schema);
        assertThat(reopened.byId(id + 1000)).isEmpty();
    }

    @Test
    void shouldMarkSensitiveFields() {
        assertThat(CanonicalCodec.sensitiveFields(CanonicalSchemas.byName(MARRIAGE))).containsOnly(
                Map.entry("husband_name", Masking.NAME), Map.entry("husband_id_number", Masking.ID_NUMBER),
                Map.entry("wife_name", Masking.NAME), Map.entry("wife_id_number", Masking.ID_NUMBER));
    }

    @Test
    void shouldDocumentEveryFieldOfEveryShippedSchema() {
        for (String name : CanonicalSchemas.SHIPPED) {
            Schema schema = CanonicalSchemas.byName(name);
            assertThat(schema.getDoc()).as(name).isNotBlank();
            assertThat(schema.getFields()).allSatisfy(f -> assertThat(f.doc()).as(name + "." + f.name()).isNotBlank());
        }
    }

    @Test
    void shouldMarkTheIdNumberOfEveryPersonSensitive() {
        for (String name : CanonicalSchemas.SHIPPED) {
            Schema schema = CanonicalSchemas.byName(name);
            schema.getFields().stream().filter(f -> f.name().endsWith("id_number")).forEach(f ->
                    assertThat(CanonicalCodec.sensitiveFields(schema)).as(name + "." + f.name()).containsEntry(f.name(), Masking.ID_NUMBER));
        }
    }
}
