package org.govbus.core.record;

/**
 * One rule one record broke: which record (its natural key, or its position when it has no key), which
 * field, the offending value (already masked when the field is sensitive), the rule's name and why.
 */
public record RecordError(String record, String field, String value, String rule, String message) {

    /** One line a person can act on. */
    public String describe() {
        StringBuilder s = new StringBuilder("record ").append(record);
        if (field != null) {
            s.append(", field ").append(field);
        }
        if (value != null) {
            s.append(" = '").append(value).append('\'');
        }
        return s.append(": rule ").append(rule).append(": ").append(message).toString();
    }
}
