package org.govbus.routes.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govbus.connectors.file.RecordReader;
import org.govbus.connectors.file.FileDropConnector;
import org.govbus.connectors.file.FileRecord;
import org.govbus.core.record.RecordError;
import org.govbus.routes.store.SharedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest of a file-drop source: streams one complete file at a time, a batch per step, storing each batch
 * with the position in the file (name, size, time, record number) in one transaction, so a restart resumes
 * after the last stored record of the same file. A finished file is archived with a report naming each bad
 * record; a file that cannot be read is quarantined with the reason.
 */
public final class FileDropIngest implements Poller {

    private static final Logger LOG = LoggerFactory.getLogger(FileDropIngest.class);

    private final IngestPipeline pipeline;
    private final FileDropConnector connector;
    private final SharedStore store;
    private Path file;
    private String fileId;
    private RecordReader reader;
    private final StringBuilder report = new StringBuilder();
    private int rejectedInFile;
    private long recordsInFile;

    public FileDropIngest(IngestPipeline pipeline, FileDropConnector connector, SharedStore store) {
        this.pipeline = pipeline;
        this.connector = connector;
        this.store = store;
    }

    @Override
    public synchronized BatchOutcome runOnce() throws Exception {
        if (file == null && !openNext()) {
            return new BatchOutcome(0, 0, 0, 0, false, BatchOutcome.Timing.NONE);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<FileRecord> records = new ArrayList<>();
        Map<Integer, RecordError> unreadable = new HashMap<>();
        while (rows.size() < connector.options().batchSize() && reader.hasNext()) {
            FileRecord r = reader.next();
            if (r.row() == null) {
                unreadable.put(rows.size(), new RecordError("record " + r.number() + " (line " + r.line() + ")", null, null,
                        r.rule(), r.message()));
            }
            rows.add(r.row());
            records.add(r);
        }
        long last = records.isEmpty() ? recordsInFile : records.get(records.size() - 1).number();
        IngestPipeline.PushOutcome o;
        try {
            o = pipeline.push(rows, unreadable, fileId + "|" + last);
        } catch (Exception e) {
            // The batch was not stored: read the file again from the stored position at the next step.
            reader.close();
            file = null;
            reader = null;
            throw e;
        }
        recordsInFile = last;
        for (IngestPipeline.PushRejection r : o.rejected()) {
            FileRecord f = records.get(r.position());
            rejectedInFile++;
            report.append("record ").append(f.number()).append(" (line ").append(f.line()).append(')');
            if (r.key() != null) {
                report.append(", key ").append(r.key());
            }
            report.append(": ").append(SharedStore.describe(r.errors())).append('\n');
        }
        if (!reader.hasNext()) {
            finish();
        }
        return new BatchOutcome(rows.size(), o.stored(), o.duplicates(), o.rejected().size(), true, BatchOutcome.Timing.NONE);
    }

    private boolean openNext() throws Exception {
        Optional<Path> next = connector.nextReadyFile();
        if (next.isEmpty()) {
            return false;
        }
        Path f = next.get();
        String id = f.getFileName() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis();
        try {
            reader = connector.open(f);
        } catch (IOException | RuntimeException e) {
            LOG.warn("source {}: file {} cannot be read, quarantined: {}", pipeline.source().name(), f, e.getMessage());
            connector.quarantine(f, "cannot be read as " + connector.options().format() + " in "
                    + connector.options().charset() + ": " + e.getMessage() + "\n");
            return false;
        }
        file = f;
        fileId = id;
        report.setLength(0);
        rejectedInFile = 0;
        recordsInFile = 0;
        // Resume after the last stored record when GovBus stopped in the middle of this very file.
        String position = store.position(pipeline.source().name()).orElse("");
        if (position.startsWith(id + "|")) {
            long done = Long.parseLong(position.substring(id.length() + 1));
            while (recordsInFile < done && reader.hasNext()) {
                recordsInFile = reader.next().number();
            }
            LOG.info("source {}: resuming {} after record {}", pipeline.source().name(), f.getFileName(), done);
        }
        LOG.info("source {}: reading {}", pipeline.source().name(), f.getFileName());
        return true;
    }

    private void finish() throws IOException {
        reader.close();
        String summary = recordsInFile + " records, " + rejectedInFile + " rejected\n";
        Path to = connector.archive(file, rejectedInFile == 0 ? null : summary + report);
        LOG.info("source {}: {} done ({}), archived as {}", pipeline.source().name(), file.getFileName(), summary.trim(), to);
        file = null;
        reader = null;
    }

    /** Closes the file being read, if any. */
    public synchronized void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
