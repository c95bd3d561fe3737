package org.govbus.connectors.file;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams an XML export whose root holds one element per record and each record one child element per field
 * ({@code <rows><row><DJBH>..</DJBH>...</row>...</rows>}), with StAX, so the file is never held whole. DTDs and
 * external entities are refused. A record with a nested element or invalid bytes is reported alone; XML that is
 * not well-formed ends the file with rule {@code xml}.
 */
public final class XmlRecordReader implements RecordReader {

    private final Reader source;
    private final XMLStreamReader xml;
    private FileRecord pending;
    private boolean ended;
    private long number;

    public XmlRecordReader(Path file, Charset charset) throws IOException {
        this.source = Decoding.open(file, charset);
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            this.xml = factory.createXMLStreamReader(source);
            xml.nextTag(); // the root
        } catch (XMLStreamException e) {
            throw new IOException("not an XML export: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !ended) {
            pending = read();
        }
        return pending != null;
    }

    private FileRecord read() {
        try {
            int event = xml.nextTag();
            if (event == XMLStreamConstants.END_ELEMENT) {
                ended = true; // the root closes
                return null;
            }
            number++;
            long line = xml.getLocation().getLineNumber();
            Map<String, Object> row = new LinkedHashMap<>();
            String problem = null;
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String field = xml.getLocalName();
                try {
                    String text = xml.getElementText();
                    if (text.indexOf(Decoding.REPLACEMENT) >= 0 && problem == null) {
                        problem = "encoding:field " + field + " holds bytes that are not valid in the file's encoding";
                    }
                    row.put(field, text);
                } catch (XMLStreamException nested) {
                    problem = "nested:field " + field + " holds elements; a field is text";
                    skipRest();
                    return new FileRecord(number, line, null, "nested", problem.substring(problem.indexOf(':') + 1));
                }
            }
            if (problem != null) {
                return new FileRecord(number, line, null, problem.substring(0, problem.indexOf(':')),
                        problem.substring(problem.indexOf(':') + 1));
            }
            return new FileRecord(number, line, row, null, null);
        } catch (XMLStreamException | RuntimeException e) {
            ended = true;
            number++;
            return new FileRecord(number, xml.getLocation().getLineNumber(), null, "xml",
                    "the XML is not well-formed from here on: " + e.getMessage());
        }
    }

    /**
     * After a field that holds an element, skips to the end of the record: the cursor stands on that
     * element's start, inside the field, inside the record.
     */
    private void skipRest() throws XMLStreamException {
        int depth = 3;
        while (depth > 0 && xml.hasNext()) {
            int e = xml.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    @Override
    public FileRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FileRecord r = pending;
        pending = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // closing the file below is what matters
        }
        source.close();
    }
}
