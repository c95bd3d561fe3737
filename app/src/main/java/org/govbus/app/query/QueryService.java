package org.govbus.app.query;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.config.SecretFiles;
import org.govbus.app.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers SQL over the datasets of the shared store. Names follow one rule whatever engine holds the data:
 * {@code <agency>.<dataset>} and column names in lower snake case, matched without regard to case.
 */
public class QueryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
    private static final String READER = "GOVBUS_QUERY_READER";

    private final HikariDataSource reader;
    private final DataSource platform;
    private final Set<String> agencySchemas = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final GovBusProperties.Query limits;

    public QueryService(DataSource platform, String platformUrl, GovBusProperties.Query limits) {
        this.platform = platform;
        this.limits = limits;
        String password = SecretFiles.newSecret();
        try (Connection c = platform.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + password + "'");
            s.execute("ALTER USER " + READER + " SET PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the query reader: " + e.getMessage(), e);
        }
        HikariConfig c = new HikariConfig();
        c.setPoolName("query-reader");
        c.setJdbcUrl(platformUrl);
        c.setUsername(READER);
        c.setPassword(password);
        c.setReadOnly(true);
        c.setMaximumPoolSize(8);
        this.reader = new HikariDataSource(c);
    }

    /** Makes an agency's datasets queryable: the reader may read that schema and nothing else. */
    public void addAgency(String schema) {
        if (agencySchemas.contains(schema)) {
            return;
        }
        try (Connection c = platform.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema.replace("\"", "") + "\"");
            s.execute("GRANT SELECT ON SCHEMA \"" + schema.replace("\"", "") + "\" TO " + READER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot let the query reader read " + schema + ": " + e.getMessage(), e);
        }
        agencySchemas.add(schema);
    }

    /** The parser settings of both the read-only check and the planner. */
    static SqlParser.Config parserConfig() {
        return SqlParser.config().withCaseSensitive(false).withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED);
    }

    /** Refuses anything but one query: no DDL, no DML, no second statement. */
    static void requireQuery(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new QueryRefusedException("the request has no SQL: send {\"sql\": \"SELECT ...\", \"params\": [...]}");
        }
        SqlNode node;
        try {
            node = SqlParser.create(sql, parserConfig()).parseStmt();
        } catch (SqlParseException e) {
            throw new QueryRefusedException("SQL does not parse (only one SELECT statement is allowed): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!node.getKind().belongsTo(SqlKind.QUERY)) {
            throw new QueryRefusedException("only queries are allowed; this statement is " + node.getKind()
                    + ". GovBus's query layer is read only.");
        }
    }

    /** Runs one query for a caller with bound parameters. */
    public QueryResult query(Caller caller, String sql, List<Object> params) {
        requireQuery(sql);
        long start = System.nanoTime();
        Properties info = new Properties();
        info.setProperty("caseSensitive", "false");
        info.setProperty("unquotedCasing", "UNCHANGED");
        info.setProperty("quotedCasing", "UNCHANGED");
        try (Connection connection = DriverManager.getConnection("jdbc:calcite:", info)) {
            CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
            SchemaPlus root = calcite.getRootSchema();
            for (String agency : new TreeSet<>(agencySchemas)) {
                root.add(agency, JdbcSchema.create(root, agency, reader, null, agency));
            }
            try (PreparedStatement ps = calcite.prepareStatement(sql)) {
                ps.setMaxRows(limits.maxRows() + 1);
                ps.setQueryTimeout((int) Math.max(1, limits.timeout().toSeconds()));
                for (int i = 0; i < (params == null ? 0 : params.size()); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                QueryResult result = read(ps.executeQuery());
                LOG.info("query by {}/{}: {} rows in {} ms: {}", caller.agency(), caller.system(), result.rows().size(),
                        (System.nanoTime() - start) / 1_000_000, sql.replaceAll("\\s+", " "));
                return result;
            }
        } catch (SQLException e) {
            throw new QueryRefusedException("query failed: " + rootMessage(e));
        }
    }

    private QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<QueryResult.Column> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new QueryResult.Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == limits.maxRows()) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(json(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows, truncated);
    }

    private static Object json(Object v) {
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        return v;
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    @Override
    public void close() {
        reader.close();
    }
}
