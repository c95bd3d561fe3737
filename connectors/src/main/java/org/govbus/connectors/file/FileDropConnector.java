package org.govbus.connectors.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Watches an inbox for dropped files and hands out one complete file at a time, oldest name first. A file is
 * complete when a done-file ({@code <name>.done}) stands beside it, or when its size and time have not changed
 * for {@link FileDropOptions#stableFor()}. Finished files move to {@code archive/}, with a report of their bad
 * records beside them; files that cannot be read at all move to {@code quarantine/} with the reason.
 */
public final class FileDropConnector {

    private final FileDropOptions options;
    private final Map<Path, long[]> seen = new HashMap<>();

    public FileDropConnector(FileDropOptions options) throws IOException {
        this.options = options;
        Files.createDirectories(options.inbox());
        Files.createDirectories(options.archive());
        Files.createDirectories(options.quarantine());
    }

    public FileDropOptions options() {
        return options;
    }

    /** The next complete file, if any. */
    public Optional<Path> nextReadyFile() throws IOException {
        TreeMap<String, Path> candidates = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(options.inbox(), options.pattern())) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    candidates.put(f.getFileName().toString(), f);
                }
            }
        }
        long now = System.currentTimeMillis();
        for (Path f : candidates.values()) {
            if (Files.exists(doneFile(f))) {
                return Optional.of(f);
            }
            long[] stat = {Files.size(f), Files.getLastModifiedTime(f).toMillis(), now};
            long[] before = seen.get(f);
            if (before == null || before[0] != stat[0] || before[1] != stat[1]) {
                seen.put(f, stat);
            } else if (now - before[2] >= options.stableFor().toMillis()
                    && now - stat[1] >= options.stableFor().toMillis()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Opens a file for streaming its records, in the source's format. */
    public RecordReader open(Path file) throws IOException {
        return switch (options.format()) {
            case "jsonl" -> new JsonLinesReader(file, options.charset());
            case "xml" -> new XmlRecordReader(file, options.charset());
            default -> new CsvFileReader(file, options.charset());
        };
    }

    /** Moves a finished file to the archive, with a report when some records were rejected. */
    public Path archive(Path file, String report) throws IOException {
        return move(file, options.archive(), report);
    }

    /** Moves a file that could not be read to the quarantine, with the reason. */
    public Path quarantine(Path file, String reason) throws IOException {
        return move(file, options.quarantine(), reason);
    }

    private Path move(Path file, Path folder, String report) throws IOException {
        Path target = folder.resolve(file.getFileName());
        if (Files.exists(target)) {
            target = folder.resolve(System.currentTimeMillis() + "-" + file.getFileName());
        }
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(doneFile(file));
        if (report != null && !report.isEmpty()) {
            Files.writeString(target.resolveSibling(target.getFileName() + ".report.txt"), report, StandardCharsets.UTF_8);
        }
        seen.remove(file);
        return target;
    }

    private static Path doneFile(Path f) {
        return f.resolveSibling(f.getFileName() + ".done");
    }
}
