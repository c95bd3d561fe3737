package org.govbus.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.govbus.core.mask.Masking;
import org.govbus.core.record.Problems;

/**
 * Canonical values of one schema to Avro records and to the bus wire format, and back. Values are checked
 * against the schema as they are converted (required fields, types, enum symbols), and every problem is
 * reported with its field. Instances are thread-safe.
 */
public final class CanonicalCodec {

    /** The schema property that marks a sensitive field; its value names the {@link Masking} kind. */
    public static final String SENSITIVE_PROPERTY = "govbus.sensitive";

    private static final byte MAGIC = 0;

    private final Schema schema;
    private final int schemaId;
    private final GenericDatumWriter<GenericRecord> writer;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    public CanonicalCodec(Schema schema, int schemaId) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("a canonical schema is a record, " + schema.getFullName() + " is not");
        }
        this.schema = schema;
        this.schemaId = schemaId;
        this.writer = new GenericDatumWriter<>(schema);
    }

    public Schema schema() {
        return schema;
    }

    public int schemaId() {
        return schemaId;
    }

    /** Sensitive fields of a schema and how each is masked. */
    public static Map<String, Masking> sensitiveFields(Schema schema) {
        Map<String, Masking> out = new LinkedHashMap<>();
        for (Schema.Field f : schema.getFields()) {
            Object kind = f.getObjectProp(SENSITIVE_PROPERTY);
            if (kind != null) {
                out.put(f.name(), Masking.forKind(kind.toString()));
            }
        }
        return out;
    }

    /**
     * Builds the Avro record for canonical values; reports each problem and returns {@code null} when
     * there was any.
     */
    public GenericRecord toRecord(Map<String, Object> values, Problems problems) {
        GenericData.Record record = new GenericData.Record(schema);
        for (String name : values.keySet()) {
            if (schema.getField(name) == null) {
                problems.add(name, null, "unknown-field", "the schema " + schema.getFullName() + " has no field " + name);
            }
        }
        for (Schema.Field field : schema.getFields()) {
            Object value = values.get(field.name());
            record.put(field.pos(), convert(field.name(), field.schema(), value, problems));
        }
        return problems.isEmpty() ? record : null;
    }

    private static Object convert(String field, Schema type, Object value, Problems problems) {
        if (value == null) {
            if (type.getType() == Schema.Type.UNION && type.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                return null;
            }
            problems.add(field, null, "required", "a value is required");
            return null;
        }
        if (type.getType() == Schema.Type.UNION) {
            List<Schema> branches = type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
            if (branches.size() != 1) {
                problems.add(field, value, "type", "unions of several non-null types are not canonical");
                return null;
            }
            return convert(field, branches.get(0), value, problems);
        }
        LogicalType logical = type.getLogicalType();
        switch (type.getType()) {
            case STRING:
                if (value instanceof CharSequence s) {
                    return s.toString();
                }
                break;
            case ENUM:
                if (value instanceof CharSequence || value instanceof Enum<?>) {
                    String symbol = value instanceof Enum<?> e ? e.name() : value.toString();
                    if (type.hasEnumSymbol(symbol)) {
                        return new GenericData.EnumSymbol(type, symbol);
                    }
                    problems.add(field, value, "code-list", "unknown code; allowed: " + type.getEnumSymbols());
                    return null;
                }
                break;
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    if (value instanceof LocalDate d) {
                        return (int) d.toEpochDay();
                    }
                } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    return ((Number) value).intValue();
                }
                break;
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    if (value instanceof Instant i) {
                        return i.toEpochMilli();
                    }
                } else if (value instanceof Long || value instanceof Integer) {
                    return ((Number) value).longValue();
                }
                break;
            case DOUBLE:
                if (value instanceof Number n) {
                    return n.doubleValue();
                }
                break;
            case BOOLEAN:
                if (value instanceof Boolean b) {
                    return b;
                }
                break;
            default:
                break;
        }
        problems.add(field, value, "type", "expected " + (logical != null ? logical.getName() : type.getType().getName())
                + ", got " + value.getClass().getSimpleName());
        return null;
    }

    /** The Avro binary body of a record, without the wire header. */
    public byte[] body(GenericRecord record) {
        Buffers b = buffers.get();
        b.out.reset();
        b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
        try {
            writer.write(record, b.encoder);
            b.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.out.toByteArray();
    }

    /** The wire form of an Avro body: magic byte 0, the 4-byte big-endian schema ID, the body. */
    public byte[] wire(byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put(MAGIC).putInt(schemaId).put(body).array();
    }

    /**
     * Decodes a wire-format payload with the schemas the registry knows.
     *
     * @throws WireFormatException for a payload that is too short, has another magic byte, names an
     *     unknown schema ID, or is not valid Avro of its schema
     */
    public static GenericRecord decode(byte[] payload, SchemaRegistry registry) throws WireFormatException {
        if (payload == null || payload.length < 5) {
            throw new WireFormatException("payload of " + (payload == null ? 0 : payload.length)
                    + " bytes is too short for the wire format (magic byte, 4-byte schema ID, Avro body)");
        }
        if (payload[0] != MAGIC) {
            throw new WireFormatException("unknown magic byte " + payload[0] + "; expected 0");
        }
        int id = ByteBuffer.wrap(payload, 1, 4).getInt();
        Schema schema = registry.byId(id).orElseThrow(() -> new WireFormatException("unknown schema ID " + id));
        try {
            Decoding d = DECODING.get();
            d.decoder = DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, d.decoder);
            BinaryDecoder decoder = d.decoder;
            GenericRecord record = d.reader(id, schema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new WireFormatException("payload has bytes after the record of schema " + id);
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("payload does not decode as schema " + id + " (" + schema.getFullName()
                    + "): " + e.getMessage(), e);
        }
    }

    /** The Java values of a decoded record, with dates and timestamps as {@link LocalDate} and {@link Instant}. */
    public static Map<String, Object> values(GenericRecord record) {
        Map<String, Object> out = new HashMap<>();
        for (Schema.Field f : record.getSchema().getFields()) {
            out.put(f.name(), javaValue(f.schema(), record.get(f.pos())));
        }
        return out;
    }

    /** One Avro value as the Java value the store and the query layer use. */
    public static Object javaValue(Schema type, Object v) {
        if (v == null) {
            return null;
        }
        if (type.getType() == Schema.Type.UNION) {
            for (Schema t : type.getTypes()) {
                if (t.getType() != Schema.Type.NULL) {
                    return javaValue(t, v);
                }
            }
        }
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return LocalDate.ofEpochDay(((Number) v).longValue());
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return Instant.ofEpochMilli(((Number) v).longValue());
        }
        if (v instanceof CharSequence || v instanceof GenericData.EnumSymbol) {
            return v.toString();
        }
        return v;
    }

    /** Per thread: a reusable decoder and a reader per schema ID (a reader is costly to build). */
    private static final ThreadLocal<Decoding> DECODING = ThreadLocal.withInitial(Decoding::new);

    private static final class Decoding {
        BinaryDecoder decoder;
        final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();

        GenericDatumReader<GenericRecord> reader(int id, Schema schema) {
            GenericDatumReader<GenericRecord> r = readers.get(id);
            // Identity, not equality: another registry may give the same ID to another schema.
            if (r == null || r.getSchema() != schema) {
                r = new GenericDatumReader<>(schema);
                readers.put(id, r);
            }
            return r;
        }
    }

    /**
     * Decodes a payload and checks the record against its schema (types, nullability, enum symbols): what a
     * consumer of the bus runs on every message.
     */
    public static GenericRecord decodeValid(byte[] payload, SchemaRegistry registry) throws WireFormatException {
        GenericRecord record = decode(payload, registry);
        if (!GenericData.get().validate(record.getSchema(), record)) {
            throw new WireFormatException("record does not satisfy its schema " + record.getSchema().getFullName());
        }
        return record;
    }

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder;
    }
}
