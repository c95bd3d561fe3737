package org.govbus.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** The canonical schemas shipped with GovBus, found on the class path as {@code avro/<SimpleName>.avsc}. */
public final class CanonicalSchemas {

    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    /** The full names of the shipped canonical schemas. */
    public static final java.util.List<String> SHIPPED = java.util.List.of("org.govbus.canonical.PersonRef",
            "org.govbus.canonical.MarriageRegistration", "org.govbus.canonical.TeacherCertificate");

    private CanonicalSchemas() {
    }

    /**
     * The schema with a full name such as {@code org.govbus.canonical.MarriageRegistration}.
     *
     * @throws IllegalArgumentException when no such schema is shipped
     */
    public static Schema byName(String fullName) {
        return CACHE.computeIfAbsent(fullName, CanonicalSchemas::load);
    }

    private static Schema load(String fullName) {
        String simple = fullName.substring(fullName.lastIndexOf('.') + 1);
        String resource = "avro/" + simple + ".avsc";
        try (InputStream in = CanonicalSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no canonical schema " + fullName + " (looked for " + resource + ")");
            }
            Schema schema = new Schema.Parser().parse(in);
            if (!schema.getFullName().equals(fullName)) {
                throw new IllegalArgumentException(resource + " defines " + schema.getFullName() + ", not " + fullName);
            }
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
