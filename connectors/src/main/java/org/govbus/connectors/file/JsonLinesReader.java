package org.govbus.connectors.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.govbus.connectors.JsonRecords;

/**
 * Streams a JSON-lines file: one JSON object a line, fields in the source's own shape. A line that is not a
 * JSON object (rule {@code json}) or holds bytes invalid in the encoding (rule {@code encoding}) is reported
 * alone; blank lines are skipped.
 */
public final class JsonLinesReader implements RecordReader {

    private final BufferedReader reader;
    private String pending;
    private long line;
    private long number;

    public JsonLinesReader(Path file, Charset charset) throws IOException {
        this.reader = new BufferedReader(Decoding.open(file, charset), 1 << 16);
    }

    @Override
    public boolean hasNext() {
        try {
            while (pending == null) {
                String l = reader.readLine();
                if (l == null) {
                    return false;
                }
                line++;
                if (!l.isBlank()) {
                    pending = l;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public FileRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String l = pending;
        pending = null;
        number++;
        if (l.indexOf(Decoding.REPLACEMENT) >= 0) {
            return new FileRecord(number, line, null, "encoding", "the line holds bytes that are not valid in the file's encoding");
        }
        if (l.strip().startsWith("[")) {
            return new FileRecord(number, line, null, "json-object", "each line is one JSON object");
        }
        JsonRecords.Parsed parsed = JsonRecords.parse(l);
        if (parsed.rows().get(0) == null) {
            String[] problem = parsed.problems().get(0);
            return new FileRecord(number, line, null, problem[0], problem[1]);
        }
        return new FileRecord(number, line, parsed.rows().get(0), null, null);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
