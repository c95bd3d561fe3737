package org.govbus.connectors.jdbc;

import java.util.List;
import java.util.Map;

/**
 * Rows read by one poll, in watermark order, and the position after the last of them.
 *
 * @param rows column name (as the source spells it) to value
 * @param next where the next poll starts; equal to the poll's start when no row was read
 * @param full true when the poll returned as many rows as it asked for: more may be waiting
 */
public record PolledBatch(List<Map<String, Object>> rows, Watermark next, boolean full) {
}
