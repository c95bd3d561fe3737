package org.govbus.schemas.registry;

/**
 * A named type that a schema uses from another subject's version, as Confluent clients send it.
 *
 * @param name    the full name of the referenced type, for example {@code org.govbus.canonical.PersonRef}
 * @param subject the subject that holds it
 * @param version its version there
 */
public record SchemaReference(String name, String subject, int version) {
}
