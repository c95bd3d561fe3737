/**
 * Canonical Avro schemas (resources under {@code avro/}), the schema registry that gives each schema a
 * stable global ID, and the codec that turns canonical values into the bus wire format
 * (magic byte 0, 4-byte big-endian schema ID, Avro binary).
 */
package org.govbus.schemas;
