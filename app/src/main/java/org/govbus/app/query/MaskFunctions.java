package org.govbus.app.query;

import java.util.EnumMap;
import java.util.Map;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.govbus.core.mask.Masking;

/** The masking rules as functions the plan calls on each row; public static because generated code calls them. */
public final class MaskFunctions {

    private static final Map<Masking, SqlOperator> OPERATORS = new EnumMap<>(Masking.class);

    static {
        for (Masking m : Masking.values()) {
            String method = switch (m) {
                case ID_NUMBER -> "idNumber";
                case MOBILE -> "mobile";
                case NAME -> "name";
                case FULL -> "full";
            };
            OPERATORS.put(m, udf("GOVBUS_MASK_" + m.name(), method));
        }
    }

    private MaskFunctions() {
    }

    @SuppressWarnings("deprecation")
    private static SqlOperator udf(String name, String method) {
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), ReturnTypes.ARG0_NULLABLE,
                InferTypes.FIRST_KNOWN, OperandTypes.ANY, null, ScalarFunctionImpl.create(MaskFunctions.class, method));
    }

    /** The operator that masks a column of that kind. */
    static SqlOperator operator(Masking m) {
        return OPERATORS.get(m);
    }

    public static String idNumber(String v) {
        return v == null ? null : Masking.ID_NUMBER.apply(v);
    }

    public static String mobile(String v) {
        return v == null ? null : Masking.MOBILE.apply(v);
    }

    public static String name(String v) {
        return v == null ? null : Masking.NAME.apply(v);
    }

    public static String full(String v) {
        return v == null ? null : Masking.FULL.apply(v);
    }
}
