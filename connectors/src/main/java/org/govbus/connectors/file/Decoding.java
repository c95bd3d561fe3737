package org.govbus.connectors.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a file as text in its declared encoding: a UTF-8 BOM skipped, invalid bytes turned into U+FFFD. */
final class Decoding {

    static final char REPLACEMENT = '\uFFFD';

    private Decoding() {
    }

    static Reader open(Path file, Charset charset) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (charset.equals(StandardCharsets.UTF_8)) {
            in.mark(3);
            byte[] b = in.readNBytes(3);
            if (!(b.length == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF)) {
                in.reset();
            }
        }
        return new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }
}
