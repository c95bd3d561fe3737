package org.govbus.connectors.file;

import java.io.IOException;
import java.util.Iterator;

/** Streams the records of one dropped file, whatever its format. */
public interface RecordReader extends Iterator<FileRecord>, AutoCloseable {
    @Override
    void close() throws IOException;
}
