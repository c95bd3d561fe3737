package org.govbus.routes.ingest;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.govbus.connectors.jdbc.JdbcPollingConnector;
import org.govbus.connectors.jdbc.PolledBatch;
import org.govbus.connectors.jdbc.Watermark;
import org.govbus.core.crypto.Sm3;
import org.govbus.core.record.Problems;
import org.govbus.core.record.RecordError;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.store.Accepted;
import org.govbus.routes.store.BatchResult;
import org.govbus.routes.store.DatasetTable;
import org.govbus.routes.store.Rejected;
import org.govbus.routes.store.SharedStore;
import org.apache.avro.Schema;
import org.govbus.schemas.CanonicalCodec;
import org.govbus.schemas.CanonicalSchemas;
import org.govbus.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest of one source, polled through JDBC (when it has a connector) or pushed over HTTP. Each call of {@link #runOnce()} reads one batch after the stored
 * position, maps and validates every row, and stores the good rows, the dead letters and the new position in
 * one transaction. A bad row never stops the batch: it becomes a dead letter naming its field and rule.
 */
public final class IngestPipeline implements Poller {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SourceDefinition source;
    private final JdbcPollingConnector connector;
    private final CanonicalCodec codec;
    private final SharedStore store;
    private final DatasetTable table;
    private long totalStored;

    public IngestPipeline(SourceDefinition source, JdbcPollingConnector connector, CanonicalCodec codec, SharedStore store) {
        this.source = source;
        this.connector = connector;
        this.codec = codec;
        this.store = store;
        this.table = new DatasetTable(source, codec.schema());
        store.ensureTable(table);
    }

    /**
     * The pipeline of a source: its canonical schema (shipped, or brought by the plugin's class loader) is
     * registered under {@code <dataset>-value} and its dataset table prepared.
     *
     * @param connector the JDBC connector of a polled source, or {@code null} for sources fed another way
     * @param loader    the plugin's class loader, or {@code null} for shipped schemas only
     */
    public static IngestPipeline create(SourceDefinition source, JdbcPollingConnector connector, SchemaRegistry registry,
            SharedStore store, ClassLoader loader) {
        Schema schema = CanonicalSchemas.byName(source.schema(), loader);
        int id = registry.register(source.dataset() + "-value", schema);
        return new IngestPipeline(source, connector, new CanonicalCodec(schema, id), store);
    }

    public SourceDefinition source() {
        return source;
    }

    /** The canonical schema of the dataset this pipeline fills. */
    public Schema schema() {
        return codec.schema();
    }

    /** Closes the connection to the source, if any. */
    public void close() {
        if (connector != null) {
            connector.close();
        }
    }

    /** Reads, converts and stores one batch. */
    @Override
    public BatchOutcome runOnce() throws SQLException {
        if (connector == null) {
            return new BatchOutcome(0, 0, 0, 0, false, BatchOutcome.Timing.NONE);
        }
        long t0 = System.nanoTime();
        Watermark from = Watermark.decode(store.position(source.name()).orElse(""));
        PolledBatch batch = connector.poll(from);
        long t1 = System.nanoTime();
        if (batch.rows().isEmpty()) {
            return new BatchOutcome(0, 0, 0, 0, false, new BatchOutcome.Timing(t1 - t0, 0, 0));
        }
        List<Accepted> accepted = new ArrayList<>(batch.rows().size());
        List<Rejected> rejected = new ArrayList<>();
        for (Map<String, Object> row : batch.rows()) {
            Object converted = convert(row);
            if (converted instanceof Accepted a) {
                accepted.add(a);
            } else {
                rejected.add((Rejected) converted);
            }
        }
        long t2 = System.nanoTime();
        BatchResult result = store.storeBatch(source.name(), table, codec.schemaId(), accepted, rejected,
                batch.next().encode(), null);
        totalStored += result.stored();
        LOG.info("source {}: read {}, stored {}, unchanged {}, dead letters {} (stored since start {})", source.name(),
                batch.rows().size(), result.stored(), result.duplicates(), result.rejected(), totalStored);
        return new BatchOutcome(batch.rows().size(), result.stored(), result.duplicates(), result.rejected(), batch.full(),
                new BatchOutcome.Timing(t1 - t0, t2 - t1, System.nanoTime() - t2));
    }

    /** What {@link #push} did: counts, and each rejected record with its position in the request. */
    public record PushOutcome(int received, int stored, int duplicates, List<PushRejection> rejected) {
    }

    /** A pushed record that broke rules: where it was in the request, its key, and every problem. */
    public record PushRejection(int position, String key, List<RecordError> errors) {
    }

    /**
     * Takes records pushed in the source's own shape: converts each, stores the good ones and the dead letters
     * in one transaction, and returns only once that transaction is committed, so an answered push is never
     * lost. A bad record never stops the others.
     *
     * @param rows records in request order; a {@code null} entry stands for one that did not even parse
     * @param unparsable problems of the entries that did not parse, by position
     */
    public PushOutcome push(List<Map<String, Object>> rows, Map<Integer, RecordError> unparsable) throws SQLException {
        return push(rows, unparsable, null);
    }

    /**
     * Like {@link #push(List, Map)}, storing the source's new position in the same transaction (a file drop
     * says how far into which file it got).
     */
    public PushOutcome push(List<Map<String, Object>> rows, Map<Integer, RecordError> unparsable, String newPosition)
            throws SQLException {
        List<Accepted> accepted = new ArrayList<>(rows.size());
        List<Rejected> rejected = new ArrayList<>();
        List<PushRejection> answer = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            if (row == null) {
                RecordError e = unparsable.get(i);
                rejected.add(new Rejected("(position " + i + ")", null, List.of(e)));
                answer.add(new PushRejection(i, null, List.of(e)));
                continue;
            }
            Object converted = convert(row);
            if (converted instanceof Accepted a) {
                accepted.add(a);
            } else {
                Rejected r = (Rejected) converted;
                rejected.add(r);
                answer.add(new PushRejection(i, r.record(), r.errors()));
            }
        }
        BatchResult result = store.storeBatch(source.name(), table, codec.schemaId(), accepted, rejected, newPosition, null);
        LOG.info("source {}: received {}, stored {}, unchanged {}, dead letters {}", source.name(), rows.size(),
                result.stored(), result.duplicates(), result.rejected());
        return new PushOutcome(rows.size(), result.stored(), result.duplicates(), answer);
    }

    /**
     * Tries a dead letter of this source again, with the source's current mapping (after a plugin fix, say).
     *
     * @return empty when the record is now stored; else its problems, which replace the old ones
     */
    public List<RecordError> retry(long deadLetterId, String rawJson) throws SQLException {
        if (rawJson == null) {
            return List.of(new RecordError("dead letter " + deadLetterId, null, null, "json",
                    "the record did not parse when it came; push it again corrected"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> row = JSON.readValue(rawJson, Map.class);
        Object converted = convert(row);
        if (converted instanceof Accepted a) {
            store.storeBatch(source.name(), table, codec.schemaId(), List.of(a), List.of(), null, deadLetterId);
            return List.of();
        }
        List<RecordError> errors = ((Rejected) converted).errors();
        store.updateDeadLetter(deadLetterId, errors);
        return errors;
    }

    /** The canonical key a row maps to, or {@code null} when it does not map. */
    public String canonicalKey(Map<String, Object> row) {
        try {
            Object key = source.mapper().map(row, new Problems("key", source.sensitiveIdFields())).get(source.keyField());
            return key == null ? null : String.valueOf(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Records the source no longer has: their tombstones are stored and published. */
    public int delete(List<String> recordKeys) throws SQLException {
        int n = store.storeDeletions(source.name(), table, codec.schemaId(), recordKeys);
        if (n > 0) {
            LOG.info("source {}: {} records deleted at the source", source.name(), n);
        }
        return n;
    }

    /** One row to an {@link Accepted} or a {@link Rejected}. */
    private Object convert(Map<String, Object> row) {
        String ref;
        try {
            ref = String.valueOf(source.mapper().legacyKey(row));
        } catch (RuntimeException e) {
            ref = "(no key)";
        }
        Problems problems = new Problems(ref, source.sensitiveIdFields());
        try {
            Map<String, Object> values = source.mapper().map(row, problems);
            GenericRecord record = problems.isEmpty() ? codec.toRecord(values, problems) : null;
            if (record != null) {
                byte[] body = codec.body(record);
                return new Accepted(String.valueOf(values.get(source.keyField())), values, codec.wire(body), Sm3.hex(body));
            }
        } catch (RuntimeException e) {
            // A mapper bug must not stop the other records: the record goes to the dead letters with it.
            problems.add(null, null, "mapper-error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        LOG.warn("source {}: dead letter: {}", source.name(), SharedStore.describe(problems.errors()));
        return new Rejected(ref, rawJson(row), problems.errors());
    }

    /** The row as JSON, with JDBC dates and times as their local text, so that a retry maps it the same way. */
    private static String rawJson(Map<String, Object> row) {
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        row.forEach((k, v) -> plain.put(k, v instanceof java.sql.Timestamp t ? t.toLocalDateTime().toString()
                : v instanceof java.sql.Date d ? d.toLocalDate().toString() : v));
        return JSON.writeValueAsString(plain);
    }
}
