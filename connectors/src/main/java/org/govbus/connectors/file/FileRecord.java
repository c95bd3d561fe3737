package org.govbus.connectors.file;

import java.util.Map;

/**
 * One record of a dropped file.
 *
 * @param number  the record's number in the file, from 1 (the header is not counted)
 * @param line    the line it starts on, from 1
 * @param row     column (as the header names it) to value; {@code null} when the record could not be read
 * @param rule    why it could not be read ({@code encoding}, {@code column-count}, {@code unterminated}), or null
 * @param message the reason in words, or null
 */
public record FileRecord(long number, long line, Map<String, Object> row, String rule, String message) {
}
