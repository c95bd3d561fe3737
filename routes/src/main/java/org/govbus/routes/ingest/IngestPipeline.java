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
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.store.Accepted;
import org.govbus.routes.store.BatchResult;
import org.govbus.routes.store.DatasetTable;
import org.govbus.routes.store.Rejected;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.CanonicalCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest of one JDBC-polled source. Each call of {@link #runOnce()} reads one batch after the stored
 * position, maps and validates every row, and stores the good rows, the dead letters and the new position in
 * one transaction. A bad row never stops the batch: it becomes a dead letter naming its field and rule.
 */
public final class IngestPipeline {

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

    public SourceDefinition source() {
        return source;
    }

    /** Reads, converts and stores one batch. */
    public BatchOutcome runOnce() throws SQLException {
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
            convert(row, accepted, rejected);
        }
        long t2 = System.nanoTime();
        BatchResult result = store.storeBatch(source.name(), table, codec.schemaId(), accepted, rejected,
                batch.next().encode());
        totalStored += result.stored();
        LOG.info("source {}: read {}, stored {}, unchanged {}, dead letters {} (stored since start {})", source.name(),
                batch.rows().size(), result.stored(), result.duplicates(), result.rejected(), totalStored);
        return new BatchOutcome(batch.rows().size(), result.stored(), result.duplicates(), result.rejected(), batch.full(),
                new BatchOutcome.Timing(t1 - t0, t2 - t1, System.nanoTime() - t2));
    }

    private void convert(Map<String, Object> row, List<Accepted> accepted, List<Rejected> rejected) {
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
                accepted.add(new Accepted(String.valueOf(values.get(source.keyField())), values, codec.wire(body),
                        Sm3.hex(body)));
                return;
            }
        } catch (RuntimeException e) {
            // A mapper bug must not stop the other records: the record goes to the dead letters with it.
            problems.add(null, null, "mapper-error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        LOG.warn("source {}: dead letter: {}", source.name(), SharedStore.describe(problems.errors()));
        rejected.add(new Rejected(ref, JSON.writeValueAsString(row), problems.errors()));
    }
}
