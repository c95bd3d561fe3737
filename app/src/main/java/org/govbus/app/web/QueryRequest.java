package org.govbus.app.web;

import java.util.List;

/** Body of {@code POST /api/v1/query}: one SQL query and its positional parameters. */
public record QueryRequest(String sql, List<Object> params) {
}
