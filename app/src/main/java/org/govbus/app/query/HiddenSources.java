package org.govbus.app.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlDialectFactoryImpl;

/**
 * The databases behind the datasets, kept out of every caller's SQL namespace. A caller's schema holds only
 * guarded tables; the raw tables under them are reached by generated code through {@link #schema(String)}, never
 * by name, so no SQL can read a source without its guard (mask, row filter, purpose check).
 */
public final class HiddenSources {

    private static final SchemaPlus ROOT = CalciteSchema.createRootSchema(false, false).plus();
    private static final Map<String, Source> SOURCES = new ConcurrentHashMap<>();

    /** One database: one JDBC convention, so work on several of its tables is pushed down as one query. */
    record Source(String key, DataSource dataSource, SqlDialect dialect, JdbcConvention convention) {
        /** The schema of that database holding a dataset agency's tables. */
        JdbcSchema schema(String name) {
            return new JdbcSchema(dataSource, dialect, convention, null, name);
        }
    }

    private HiddenSources() {
    }

    /** Registers a database under a key; registering a key again returns the first registration. */
    static Source register(String key, DataSource dataSource) {
        return SOURCES.computeIfAbsent(key, k -> {
            SqlDialect dialect = JdbcSchema.createDialect(SqlDialectFactoryImpl.INSTANCE, dataSource);
            Expression expression;
            try {
                expression = Expressions.call(HiddenSources.class.getMethod("schema", String.class), Expressions.constant(k));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
            JdbcConvention convention = JdbcConvention.of(dialect, expression, "SOURCE" + SOURCES.size());
            ROOT.add(k, new JdbcSchema(dataSource, dialect, convention, null, null));
            return new Source(k, dataSource, dialect, convention);
        });
    }

    private static final Map<String, org.apache.calcite.schema.Table> TABLES = new ConcurrentHashMap<>();

    /** Registers a table read by generated code (a live dataset); returns the expression that reaches it. */
    static Expression registerTable(String key, org.apache.calcite.schema.Table table) {
        TABLES.put(key, table);
        try {
            // When the planner scans the table whole (no filter, no projection), generated code asks for its rows.
            return Expressions.call(HiddenSources.class.getMethod("scan", String.class, org.apache.calcite.DataContext.class),
                    Expressions.constant(key), org.apache.calcite.DataContext.ROOT);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called by generated code to read a live table whole. Public for that reason only. */
    public static org.apache.calcite.linq4j.Enumerable<Object[]> scan(String key, org.apache.calcite.DataContext root) {
        return ((org.apache.calcite.schema.ProjectableFilterableTable) table(key)).scan(root, new java.util.ArrayList<>(), null);
    }

    /** Called by generated code to reach a live table. Public for that reason only. */
    public static org.apache.calcite.schema.Table table(String key) {
        org.apache.calcite.schema.Table t = TABLES.get(key);
        if (t == null) {
            throw new IllegalStateException("no live table " + key);
        }
        return t;
    }

    /** Called by generated code to reach a database. Public for that reason only. */
    public static SchemaPlus schema(String key) {
        SchemaPlus s = ROOT.subSchemas().get(key);
        if (s == null) {
            throw new IllegalStateException("no source " + key);
        }
        return s;
    }
}
