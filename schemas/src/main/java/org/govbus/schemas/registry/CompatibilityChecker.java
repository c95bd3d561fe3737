package org.govbus.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Checks a new schema against earlier versions at a compatibility level, with Avro's own schema resolution
 * rules, and says for each problem the field path, what changed, and which reader or writer breaks.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /** One earlier version: its number and schema. */
    public record Version(int number, Schema schema) {
    }

    /**
     * @param earlier the subject's live versions, oldest first
     * @return one message per problem; empty when compatible
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Version> earlier) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return problems;
        }
        List<Version> against = level.transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (Version v : against) {
            if (level.backward) {
                // The new schema reads what the old one wrote.
                for (Incompatibility i : incompatibilities(candidate, v.schema())) {
                    problems.add(describe(i, candidate, "the new schema cannot read data written with version " + v.number()));
                }
            }
            if (level.forward) {
                // The old schema reads what the new one writes.
                for (Incompatibility i : incompatibilities(v.schema(), candidate)) {
                    problems.add(describe(i, v.schema(), "readers of version " + v.number()
                            + " cannot read data written with the new schema"));
                }
            }
        }
        return problems;
    }

    private static List<Incompatibility> incompatibilities(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities();
    }

    /** A problem in words: "field wife.id_number: ...: readers of version 3 cannot ...". */
    static String describe(Incompatibility i, Schema reader, String consequence) {
        String path = fieldPath(reader, i.getLocation());
        String where = path.isEmpty() ? "the record" : "field " + path;
        String what = switch (i.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "'" + i.getMessage() + "' is read without a default and the writer "
                    + "does not write it (a field added without default, or removed while readers still need it)";
            case TYPE_MISMATCH -> "type changed: reader expects " + brief(i.getReaderFragment()) + ", writer writes "
                    + brief(i.getWriterFragment());
            case MISSING_ENUM_SYMBOLS -> "enum symbols " + i.getMessage() + " are written but unknown to the reader "
                    + "(and it has no enum default)";
            case MISSING_UNION_BRANCH -> "union branch missing: " + i.getMessage();
            case NAME_MISMATCH -> "named type renamed: expected " + i.getMessage() + " (add an alias)";
            case FIXED_SIZE_MISMATCH -> "fixed size changed: " + i.getMessage();
        };
        return where + ": " + what + ": " + consequence + " [" + i.getType() + " at " + i.getLocation() + "]";
    }

    private static String brief(Schema s) {
        if (s == null) {
            return "?";
        }
        return switch (s.getType()) {
            case RECORD, ENUM, FIXED -> s.getType().getName() + " " + s.getFullName();
            case UNION -> s.getTypes().stream().map(CompatibilityChecker::brief).toList().toString();
            case ARRAY -> "array of " + brief(s.getElementType());
            case MAP -> "map of " + brief(s.getValueType());
            default -> s.getLogicalType() != null ? s.getType().getName() + " (" + s.getLogicalType().getName() + ")"
                    : s.getType().getName();
        };
    }

    /** Turns Avro's location ({@code /fields/2/type/fields/0}) into field names ({@code wife.id_number}). */
    static String fieldPath(Schema root, String location) {
        List<String> names = new ArrayList<>();
        Schema current = root;
        String[] parts = location == null ? new String[0] : location.split("/");
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            if (current == null) {
                break;
            }
            if (part.equals("fields") && k + 1 < parts.length && current.getType() == Schema.Type.RECORD
                    && Integer.parseInt(parts[k + 1]) < current.getFields().size()) {
                int index = Integer.parseInt(parts[++k]);
                Schema.Field f = current.getFields().get(index);
                names.add(f.name());
                current = f.schema();
            } else if (part.equals("type") || part.isEmpty()) {
                continue;
            } else if (part.equals("items") && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
            } else if (part.equals("values") && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
            } else if (current.getType() == Schema.Type.UNION && part.matches("\\d+")
                    && Integer.parseInt(part) < current.getTypes().size()) {
                // The index may name the writer's branch; it is followed only where the reader has one.
                current = current.getTypes().get(Integer.parseInt(part));
            } else {
                current = null;
            }
        }
        return String.join(".", names);
    }
}
