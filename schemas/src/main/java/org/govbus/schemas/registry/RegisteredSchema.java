package org.govbus.schemas.registry;

import java.util.List;

/** One version of a subject. */
public record RegisteredSchema(String subject, int version, int id, String schema, List<SchemaReference> references,
        boolean deleted) {
}
