package org.govbus.app.query;

import java.util.List;

/**
 * The answer to a query.
 *
 * @param columns   name and SQL type of each column
 * @param rows      values, one list per row
 * @param truncated true when the answer was cut at the row limit
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, boolean truncated) {

    /** A column of the answer. */
    public record Column(String name, String type) {
    }
}
