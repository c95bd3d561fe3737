package org.govbus.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.record.Problems;
import org.govbus.schemas.CanonicalCodec;
import org.govbus.schemas.CanonicalSchemas;
import org.govbus.schemas.SchemaRegistry;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * What a consumer pays per message: GovBus's decode of the wire format (schema found by ID in the registry)
 * plus validation against the schema, against a raw Avro decode of the same bytes with the schema already in
 * hand and a reused reader. Rounds alternate so that neither side gets the warmer JIT.
 *
 * <p>Arguments: {@code [records (default 200000)] [rounds (default 5)]}.
 */
public final class DecodeBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        JdbcConnectionPool ds = JdbcConnectionPool.create("jdbc:h2:mem:decode;DB_CLOSE_DELAY=-1", "sa", "");
        SchemaRegistry registry = new SchemaRegistry(ds);
        Schema schema = CanonicalSchemas.byName("org.govbus.canonical.MarriageRegistration");
        CanonicalCodec codec = new CanonicalCodec(schema, registry.register("civil.marriage_registration-value", schema));
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            payloads[i] = codec.wire(codec.body(codec.toRecord(values(i), new Problems("b", Set.of()))));
        }
        GenericDatumReader<GenericRecord> raw = new GenericDatumReader<>(schema);
        System.out.printf("GovBus decode benchmark: %,d MarriageRegistration records of ~%d bytes, %d rounds%n", n,
                payloads[0].length, rounds);
        double bestRaw = Double.MAX_VALUE;
        double bestGov = Double.MAX_VALUE;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            BinaryDecoder decoder = null;
            for (byte[] p : payloads) {
                decoder = DecoderFactory.get().binaryDecoder(p, 5, p.length - 5, decoder);
                sink += raw.read(null, decoder).hashCode() & 1;
            }
            long t1 = System.nanoTime();
            for (byte[] p : payloads) {
                sink += CanonicalCodec.decodeValid(p, registry).hashCode() & 1;
            }
            long t2 = System.nanoTime();
            bestRaw = Math.min(bestRaw, (t1 - t0) / (double) n);
            bestGov = Math.min(bestGov, (t2 - t1) / (double) n);
            System.out.printf("  round %d: raw %.0f ns/record, GovBus decode+validate %.0f ns/record%n", r + 1,
                    (t1 - t0) / (double) n, (t2 - t1) / (double) n);
        }
        System.out.printf("raw Avro decode                 : %,10.0f records/s%n", 1e9 / bestRaw);
        System.out.printf("GovBus decode + validate        : %,10.0f records/s%n", 1e9 / bestGov);
        System.out.printf("ratio GovBus/raw (best rounds)  : %10.2f   (checksum %d)%n", bestRaw / bestGov, sink);
        ds.dispose();
    }

    private static Map<String, Object> values(int i) {
        Map<String, Object> v = new HashMap<>();
        v.put("registration_no", String.format("DJ%08d", i));
        v.put("business_type", i % 10 == 0 ? "DIVORCE" : "MARRIAGE");
        v.put("husband_name", "王伟");
        v.put("husband_id_number", CitizenIdNumber.of("110105", LocalDate.of(1980, 1, 1).plusDays(i % 5000), 1 + 2 * (i % 400)));
        v.put("wife_name", "李娜");
        v.put("wife_id_number", CitizenIdNumber.of("310104", LocalDate.of(1982, 1, 1).plusDays(i % 5000), 2 * (i % 400)));
        v.put("registered_on", LocalDate.of(2020, 1, 1).plusDays(i % 1500));
        v.put("registry_office_code", "110105001");
        v.put("status", "VALID");
        v.put("source_updated_at", Instant.parse("2026-11-26T00:00:00Z").plusSeconds(i));
        return v;
    }
}
