package org.govbus.routes.store;

import java.util.Map;

/**
 * A record that passed mapping and validation, ready to store.
 *
 * @param key         natural key
 * @param values      canonical values, for the dataset row
 * @param payload     the record in the bus wire format (magic byte, schema ID, Avro body)
 * @param contentHash SM3 of the Avro body: the same content twice is stored once
 */
public record Accepted(String key, Map<String, Object> values, byte[] payload, String contentHash) {
}
