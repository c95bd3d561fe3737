package org.govbus.core.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.govbus.core.mask.Masking;

/**
 * Collects what is wrong with one record while it is mapped and validated, so that every problem of the
 * record is reported at once. Values of sensitive fields are masked before they are kept: an error report
 * must not leak what the masking rules hide.
 */
public final class Problems {

    private final String record;
    private final Set<String> idNumberFields;
    private final List<RecordError> errors = new ArrayList<>(2);

    /**
     * @param record         the record's key or position, named in every error
     * @param idNumberFields canonical or legacy field names whose values are masked as ID numbers
     */
    public Problems(String record, Set<String> idNumberFields) {
        this.record = record;
        this.idNumberFields = idNumberFields;
    }

    /** Records a broken rule. */
    public void add(String field, Object value, String rule, String message) {
        String shown = value == null ? null : String.valueOf(value);
        if (shown != null && field != null && idNumberFields.contains(field)) {
            shown = Masking.ID_NUMBER.apply(shown);
        }
        if (shown != null && shown.length() > 200) {
            shown = shown.substring(0, 200) + "...(" + shown.length() + " characters)";
        }
        errors.add(new RecordError(record, field, shown, rule, message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<RecordError> errors() {
        return List.copyOf(errors);
    }

    public String record() {
        return record;
    }
}
