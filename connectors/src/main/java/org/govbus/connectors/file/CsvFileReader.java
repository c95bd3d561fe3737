package org.govbus.connectors.file;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the records of a CSV file with a header (RFC 4180: quoted commas, quotes and newlines), one at a
 * time, so a file larger than memory keeps the heap flat. Bytes that are not valid in the declared encoding
 * become U+FFFD while decoding, and the record holding them is reported with rule {@code encoding} (none of
 * GBK, GB18030 or a legacy export has a reason to contain U+FFFD itself); a record whose column count differs
 * from the header's is reported with rule {@code column-count}; a quote left open at the end of the file makes
 * the rest of the file one record reported with rule {@code unterminated}. Good records around bad ones are read.
 */
public final class CsvFileReader implements RecordReader {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long number;
    private long consumedLines;
    private FileRecord failed;
    private boolean done;

    public CsvFileReader(Path file, Charset charset) throws IOException {
        Reader reader = Decoding.open(file, charset);
        this.parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(false).get().parse(reader);
        this.header = parser.getHeaderNames();
        this.records = parser.iterator();
        this.consumedLines = Math.max(1, parser.getCurrentLineNumber());
    }

    public List<String> header() {
        return header;
    }

    @Override
    public boolean hasNext() {
        if (done) {
            return false;
        }
        try {
            return failed != null || records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            failed = unterminated(e);
            return true;
        }
    }

    @Override
    public FileRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (failed != null) {
            FileRecord f = failed;
            done = true;
            return f;
        }
        CSVRecord r;
        try {
            r = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            done = true;
            return unterminated(e);
        }
        number++;
        long line = consumedLines + 1;
        consumedLines = parser.getCurrentLineNumber();
        for (int i = 0; i < r.size(); i++) {
            if (r.get(i).indexOf(Decoding.REPLACEMENT) >= 0) {
                return new FileRecord(number, line, null, "encoding", "column " + (i < header.size() ? header.get(i)
                        : String.valueOf(i + 1)) + " holds bytes that are not valid in the file's encoding");
            }
        }
        if (r.size() != header.size()) {
            return new FileRecord(number, line, null, "column-count", "has " + r.size() + " columns; the header has "
                    + header.size());
        }
        Map<String, Object> row = new LinkedHashMap<>(header.size() * 2);
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), r.get(i));
        }
        return new FileRecord(number, line, row, null, null);
    }

    private FileRecord unterminated(RuntimeException e) {
        number++;
        return new FileRecord(number, consumedLines + 1, null, "unterminated",
                "the file ends inside a quoted value: " + e.getMessage());
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
