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
        return CACHE.computeIfAbsent(fullName, name -> load(name, CanonicalSchemas.class.getClassLoader()));
    }

    /**
     * The schema with a full name, looked up first among the shipped ones, then in a plugin's class loader
     * (a plugin jar may bring its own {@code avro/<SimpleName>.avsc}). Not cached: a plugin may change.
     */
    public static Schema byName(String fullName, ClassLoader pluginLoader) {
        Schema shipped = CACHE.get(fullName);
        if (shipped != null || pluginLoader == null || pluginLoader == CanonicalSchemas.class.getClassLoader()) {
            return shipped != null ? shipped : byName(fullName);
        }
        return load(fullName, pluginLoader);
    }

    private static Schema load(String fullName, ClassLoader loader) {
        String simple = fullName.substring(fullName.lastIndexOf('.') + 1);
        String resource = "avro/" + simple + ".avsc";
        try (InputStream in = loader.getResourceAsStream(resource)) {
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
