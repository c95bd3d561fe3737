package org.govbus.app.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.govbus.core.record.Problems;
import org.govbus.core.spi.RecordMapper;

/**
 * A dataset read live from the department's own database, through the same mapping its connector uses: each legacy
 * row is mapped to the canonical form on the way out, so nothing is copied. Equalities on canonical columns that a
 * legacy column holds as is ({@code live-columns}) are sent to the source as {@code WHERE legacy = ?}, so a point
 * lookup reads one row; every filter is still applied again to the mapped rows. Rows the mapping rejects are left
 * out (they are in the dead letters of the ingest, not data).
 */
final class LiveTable extends AbstractTable implements ProjectableFilterableTable {

    private final DataSource source;
    private final String legacyTable;
    private final Schema schema;
    private final RecordMapper mapper;
    private final Map<String, String> legacyColumns;
    private final List<String> columns;
    /** The last statements sent to the source, newest last, for operators and tests. */
    final List<String> sent = new CopyOnWriteArrayList<>();

    private final java.time.Duration timeout;

    LiveTable(DataSource source, String legacyTable, Schema schema, RecordMapper mapper, Map<String, String> legacyColumns,
            java.time.Duration timeout) {
        this.timeout = timeout;
        if (!legacyTable.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("live table name " + legacyTable + " is not a plain identifier");
        }
        legacyColumns.values().forEach(c -> {
            if (!c.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("live column " + c + " is not a plain identifier");
            }
        });
        this.source = source;
        this.legacyTable = legacyTable;
        this.schema = schema;
        this.mapper = mapper;
        this.legacyColumns = Map.copyOf(legacyColumns);
        this.columns = schema.getFields().stream().map(Schema.Field::name).toList();
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory tf) {
        RelDataTypeFactory.Builder b = tf.builder();
        for (Schema.Field f : schema.getFields()) {
            Schema s = f.schema();
            boolean nullable = s.getType() == Schema.Type.UNION;
            if (nullable) {
                s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
            }
            SqlTypeName type;
            if (s.getLogicalType() instanceof LogicalTypes.Date) {
                type = SqlTypeName.DATE;
            } else if (s.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                type = SqlTypeName.TIMESTAMP;
            } else {
                type = switch (s.getType()) {
                    case INT -> SqlTypeName.INTEGER;
                    case LONG -> SqlTypeName.BIGINT;
                    case DOUBLE -> SqlTypeName.DOUBLE;
                    case FLOAT -> SqlTypeName.REAL;
                    case BOOLEAN -> SqlTypeName.BOOLEAN;
                    default -> SqlTypeName.VARCHAR;
                };
            }
            // The types the store's tables show (VARCHAR as H2 reports it, enums as VARCHAR(64)), so that joins between
            // a live dataset and a stored one compare columns of one type, with no cast to hide the key.
            RelDataType t = type == SqlTypeName.TIMESTAMP ? tf.createSqlType(type, 3)
                    : type == SqlTypeName.VARCHAR ? tf.createSqlType(type, s.getType() == Schema.Type.ENUM ? 64 : 1_000_000)
                    : tf.createSqlType(type);
            b.add(f.name(), tf.createTypeWithNullability(t, nullable));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        Map<String, Object> where = new LinkedHashMap<>();
        List<RexNode> conjuncts = new ArrayList<>();
        filters.forEach(f -> conjuncts.addAll(org.apache.calcite.plan.RelOptUtil.conjunctions(f)));
        for (RexNode f : conjuncts) {
            if (f.isA(SqlKind.EQUALS) && f instanceof RexCall call) {
                RexNode a = call.getOperands().get(0);
                RexNode b = call.getOperands().get(1);
                if (b instanceof RexInputRef) {
                    RexNode t = a;
                    a = b;
                    b = t;
                }
                if (a instanceof RexInputRef ref && legacyColumns.containsKey(columns.get(ref.getIndex()))) {
                    Object value = b instanceof RexLiteral lit ? lit.getValue2()
                            : b instanceof RexDynamicParam p ? root.get("?" + p.getIndex()) : null;
                    if (value != null) {
                        where.putIfAbsent(legacyColumns.get(columns.get(ref.getIndex())), value);
                    }
                }
            }
        }
        // The filters stay in the list: Calcite applies them again to the mapped rows.
        String sql = "SELECT * FROM " + legacyTable + (where.isEmpty() ? "" : " WHERE "
                + String.join(" AND ", where.keySet().stream().map(c -> c + " = ?").toList()));
        sent.add(sql);
        while (sent.size() > 100) {
            sent.remove(0);
        }
        List<Object> params = new ArrayList<>(where.values());
        int[] fields = projects == null ? java.util.stream.IntStream.range(0, columns.size()).toArray() : projects;
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new Rows(sql, params, fields);
            }
        };
    }

    /** Legacy rows read one at a time and mapped. */
    private final class Rows implements Enumerator<Object[]> {
        private final Connection connection;
        private final PreparedStatement statement;
        private final ResultSet rs;
        private final int[] fields;
        private Object[] current;

        Rows(String sql, List<Object> params, int[] fields) {
            this.fields = fields;
            try {
                connection = source.getConnection();
                statement = connection.prepareStatement(sql);
                statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                for (int i = 0; i < params.size(); i++) {
                    statement.setObject(i + 1, params.get(i));
                }
                rs = statement.executeQuery();
            } catch (SQLException e) {
                close();
                throw new IllegalStateException("the live source of " + legacyTable + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            try {
                while (rs.next()) {
                    ResultSetMetaData md = rs.getMetaData();
                    Map<String, Object> legacy = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        legacy.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    Problems problems = new Problems(String.valueOf(mapper.legacyKey(legacy)), Set.of());
                    Map<String, Object> values = mapper.map(legacy, problems);
                    if (!problems.isEmpty()) {
                        continue;
                    }
                    Object[] row = new Object[fields.length];
                    for (int i = 0; i < fields.length; i++) {
                        row[i] = internal(values.get(columns.get(fields[i])));
                    }
                    current = row;
                    return true;
                }
                return false;
            } catch (SQLException e) {
                throw new IllegalStateException("the live source of " + legacyTable + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            for (AutoCloseable c : new AutoCloseable[] {rs, statement, connection}) {
                if (c != null) {
                    QueryService.closeQuietly(c);
                }
            }
        }
    }

    /** Calcite's internal form of a value: dates as days, timestamps as milliseconds, enums as their names. */
    private static Object internal(Object v) {
        if (v instanceof LocalDate d) {
            return (int) d.toEpochDay();
        }
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return v;
    }
}
