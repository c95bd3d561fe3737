package org.govbus.routes.store;

import java.util.List;
import org.govbus.core.record.RecordError;

/**
 * A record that broke rules: its key or position, its row as the source sent it (as JSON), and every problem.
 */
public record Rejected(String record, String rawJson, List<RecordError> errors) {
}
