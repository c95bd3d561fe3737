package org.govbus.connectors.file;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Options of a file-drop source.
 *
 * @param inbox      where the department's system drops its files
 * @param pattern    glob of the files to take, for example {@code *.csv}
 * @param charset    the files' encoding: UTF-8 (a BOM is skipped), GBK, GB18030...
 * @param batchSize  records stored per transaction
 * @param stableFor  a file without a done-file is read once its size has not changed for this long
 * @param format     {@code csv} (with a header), {@code jsonl} (one JSON object a line) or {@code xml}
 *                   (one element per record, one child per field)
 */
public record FileDropOptions(Path inbox, String pattern, Charset charset, int batchSize, Duration stableFor,
        String format) {

    public FileDropOptions {
        if (!java.util.Set.of("csv", "jsonl", "xml").contains(format)) {
            throw new IllegalArgumentException("file format '" + format + "' is not one of csv, jsonl, xml");
        }
    }

    /** Reads the options from a source definition's option map (keys in kebab case). */
    public static FileDropOptions from(Map<String, String> o) {
        if (!o.containsKey("inbox")) {
            throw new IllegalArgumentException("a file-drop source needs option inbox, the folder files are dropped in");
        }
        String format = o.getOrDefault("format", "csv");
        return new FileDropOptions(Path.of(o.get("inbox")), o.getOrDefault("pattern", "*." + format),
                Charset.forName(o.getOrDefault("encoding", "UTF-8")), Integer.parseInt(o.getOrDefault("batch-size", "1000")),
                Duration.parse("PT" + o.getOrDefault("stable-for", "2s").toUpperCase()), format);
    }

    public Path archive() {
        return inbox.resolve("archive");
    }

    public Path quarantine() {
        return inbox.resolve("quarantine");
    }
}
