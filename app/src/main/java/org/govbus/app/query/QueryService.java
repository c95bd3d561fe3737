package org.govbus.app.query;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;
import org.apache.avro.Schema;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.app.access.GrantStore;
import org.govbus.app.access.UsageLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.config.SecretFiles;
import org.govbus.app.security.Caller;
import org.govbus.core.access.AccessDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers SQL over the datasets, each as {@code <agency>.<dataset>} with lower snake case names whatever engine
 * holds it, within the caller's grants: the namespace of a caller holds only what it may read, masked and filtered
 * in the plan. Plans are cached per caller's access and SQL text, so planning is paid once per query shape.
 */
public class QueryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
    private static final String READER = "GOVBUS_QUERY_READER";
    private static final int STATEMENTS_PER_SESSION = 256;
    private static final int IDLE_SESSIONS_PER_KEY = 8;

    private final HikariDataSource reader;
    private final DataSource platform;
    private final GovBusProperties.Query limits;
    private final DatasetCatalog catalog;
    private final UsageLog usage;
    private final Federation federation;
    private final HiddenSources.Source store;
    private final Set<String> readableSchemas = ConcurrentHashMap.newKeySet();
    private final Map<SessionKey, ConcurrentLinkedDeque<Session>> idle = new ConcurrentHashMap<>();

    /** Sessions are shared by callers with the same agency and the same decisions. */
    record SessionKey(String agency, Map<String, AccessDecision> decisions) {
    }

    /** A Calcite connection with the namespace of one key and the statements prepared on it. */
    static final class Session implements AutoCloseable {
        final SessionKey key;
        final CalciteConnection connection;
        final Map<String, Prepared> statements = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
                if (size() > STATEMENTS_PER_SESSION) {
                    closeQuietly(eldest.getValue().statement());
                    return true;
                }
                return false;
            }
        };

        Session(SessionKey key, CalciteConnection connection) {
            this.key = key;
            this.connection = connection;
        }

        @Override
        public void close() {
            closeQuietly(connection);
        }
    }

    /** A prepared statement and what its plan reads. */
    record Prepared(PreparedStatement statement, Map<String, Set<String>> read) {
    }

    public QueryService(DataSource platform, String platformUrl, GovBusProperties.Query limits, DatasetCatalog catalog,
            GrantStore grants, UsageLog usage) {
        this.platform = platform;
        this.limits = limits;
        this.catalog = catalog;
        this.usage = usage;
        String password = SecretFiles.newSecret();
        try (Connection c = platform.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + password + "'");
            s.execute("ALTER USER " + READER + " SET PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the query reader: " + e.getMessage(), e);
        }
        HikariConfig c = new HikariConfig();
        c.setPoolName("query-reader");
        // The timeout of the store's statements is the session's: H2 runs a SET for every Statement.setQueryTimeout,
        // which cost more than the point lookup itself (BENCHMARKS.md).
        c.setJdbcUrl(platformUrl + ";QUERY_TIMEOUT=" + Math.max(1, limits.timeout().toMillis()));
        c.setUsername(READER);
        c.setPassword(password);
        c.setReadOnly(true);
        c.setMaximumPoolSize(8);
        this.reader = new HikariDataSource(c);
        this.store = HiddenSources.register("store:" + platformUrl, reader);
        this.federation = new Federation(catalog, grants);
    }

    /**
     * Serves a dataset of the shared store: the reader may read its agency's schema and nothing else, and the
     * catalog learns its sensitive columns from the canonical schema.
     */
    public void addStoreDataset(String dataset, String provider, Schema schema) {
        String agencySchema = dataset.substring(0, dataset.indexOf('.'));
        if (readableSchemas.add(agencySchema)) {
            try (Connection c = platform.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS \"" + agencySchema.replace("\"", "") + "\"");
                s.execute("GRANT SELECT ON SCHEMA \"" + agencySchema.replace("\"", "") + "\" TO " + READER);
            } catch (SQLException e) {
                readableSchemas.remove(agencySchema);
                throw new IllegalStateException("cannot let the query reader read " + agencySchema + ": " + e.getMessage(), e);
            }
        }
        catalog.register(dataset, provider, schema);
        federation.serve(new Federation.Served(dataset, store, agencySchema, dataset.substring(dataset.indexOf('.') + 1)));
    }

    /**
     * Serves a dataset live from a department's own database, through the mapping its connector uses: nothing is
     * copied; equalities on the canonical columns listed in {@code legacyColumns} (canonical name to the legacy
     * column holding the same value) are sent to the source.
     */
    public void addLiveDataset(String dataset, String provider, Schema schema, DataSource source, String legacyTable,
            org.govbus.core.spi.RecordMapper mapper, Map<String, String> legacyColumns) {
        catalog.register(dataset, provider, schema);
        LiveTable live = new LiveTable(source, legacyTable, schema, mapper, legacyColumns, limits.timeout());
        federation.serve(new Federation.Served(dataset, null, null, dataset.substring(dataset.indexOf('.') + 1), live,
                HiddenSources.registerTable("live:" + dataset, live)));
    }

    /** The statements a live dataset last sent to its source, oldest first (empty for other datasets). */
    public List<String> liveStatements(String dataset) {
        Federation.Served s = federation.served().get(dataset);
        return s == null || s.live() == null ? List.of() : List.copyOf(s.live().sent);
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

    /** Runs one query for a caller with bound parameters; logged in the usage log whatever its outcome. */
    public QueryResult query(Caller caller, String purpose, String sql, List<Object> params) {
        try (OpenQuery q = open(caller, purpose, sql, params, limits.maxRows() + 1)) {
            List<List<Object>> rows = new ArrayList<>();
            boolean truncated = false;
            while (q.next()) {
                if (rows.size() == limits.maxRows()) {
                    truncated = true;
                    break;
                }
                rows.add(q.row());
            }
            return new QueryResult(q.columns(), rows, truncated);
        }
    }

    /**
     * Opens a query for reading row by row (streaming): refusals are thrown here, before any row; the rows are
     * read with {@link OpenQuery#next()} and the use is logged at {@link OpenQuery#close()}.
     *
     * @param maxRows most rows read from the plan
     */
    public OpenQuery open(Caller caller, String purpose, String sql, List<Object> params, long maxRows) {
        if (!caller.mayReadSharedData()) {
            throw new org.govbus.app.access.AccessException(403, "forbidden", "the three officers (" + caller.roles()
                    + ") do not read shared data");
        }
        long start = System.nanoTime();
        Map<String, Set<String>> read = Map.of();
        Session session = null;
        try {
            SessionKey key = new SessionKey(caller.agency(), federation.decisions(caller.agency()));
            session = borrow(key);
            Prepared p = prepare(session, sql);
            read = p.read();
            PreparedStatement ps = p.statement();
            ps.clearParameters();
            ps.setLargeMaxRows(maxRows);
            for (int i = 0; i < (params == null ? 0 : params.size()); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ResultSet rs = Timeouts.run(ps, limits.timeout());
            try {
                return new OpenQuery(caller, purpose, sql, read, session, rs, start);
            } catch (SQLException | RuntimeException e) {
                Timeouts.done(rs);
                closeQuietly(rs);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (session != null) {
                release(session, false);
            }
            throw fail(caller, purpose, sql, read, start, e);
        }
    }

    private QueryRefusedException fail(Caller caller, String purpose, String sql, Map<String, Set<String>> read, long start,
            Exception e) {
        String message = e instanceof QueryRefusedException ? e.getMessage() : "query failed: " + rootMessage(e);
        usage.record(new UsageLog.Use(caller.agency(), caller.system(), purpose, "rest", sql, read, 0,
                (System.nanoTime() - start) / 1_000_000, "refused: " + message));
        LOG.info("query by {}/{} refused: {}", caller.agency(), caller.system(), message);
        return e instanceof QueryRefusedException q ? q : new QueryRefusedException(message);
    }

    /** A query being read: its columns, then its rows one at a time. */
    public final class OpenQuery implements AutoCloseable {
        private final Caller caller;
        private final String purpose;
        private final String sql;
        private final Map<String, Set<String>> read;
        private final Session session;
        private final ResultSet rs;
        private final long start;
        private final List<QueryResult.Column> columns = new ArrayList<>();
        private long rows;
        private boolean failed;
        private boolean closed;

        OpenQuery(Caller caller, String purpose, String sql, Map<String, Set<String>> read, Session session,
                ResultSet rs, long start) throws SQLException {
            this.caller = caller;
            this.purpose = purpose;
            this.sql = sql;
            this.read = read;
            this.session = session;
            this.rs = rs;
            this.start = start;
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(new QueryResult.Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
            }
        }

        public List<QueryResult.Column> columns() {
            return columns;
        }

        /** Moves to the next row; false at the end. */
        public boolean next() {
            try {
                boolean more = rs.next();
                if (more) {
                    rows++;
                }
                return more;
            } catch (SQLException | RuntimeException e) {
                failed = true;
                closed = true;
                Timeouts.done(rs);
                closeQuietly(rs);
                release(session, false);
                throw fail(caller, purpose, sql, read, start, e);
            }
        }

        /** The current row, values as JSON shows them (dates and times as ISO text). */
        public List<Object> row() {
            try {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(json(rs.getObject(i)));
                }
                return row;
            } catch (SQLException e) {
                failed = true;
                throw new QueryRefusedException("query failed: " + rootMessage(e));
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            Timeouts.done(rs);
            closeQuietly(rs);
            release(session, !failed);
            usage.record(new UsageLog.Use(caller.agency(), caller.system(), purpose, "rest", sql, read, rows,
                    (System.nanoTime() - start) / 1_000_000, "ok"));
        }
    }

    private Prepared prepare(Session session, String sql) throws SQLException {
        Prepared p = session.statements.get(sql);
        if (p != null) {
            return p;
        }
        requireQuery(sql);
        PlanCheck.Report report = PlanCheck.begin();
        try {
            p = new Prepared(session.connection.prepareStatement(sql), Map.copyOf(report.read));
        } catch (SQLException e) {
            Throwable refusal = refusal(e);
            if (refusal != null) {
                throw (QueryRefusedException) refusal;
            }
            throw e;
        } finally {
            PlanCheck.end();
        }
        session.statements.put(sql, p);
        return p;
    }

    /** The refusal of the access rules inside an exception, if that is what it is. */
    static Throwable refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof QueryRefusedException) {
                return t;
            }
        }
        return null;
    }

    private Session borrow(SessionKey key) throws SQLException {
        ConcurrentLinkedDeque<Session> pool = idle.get(key);
        Session s = pool == null ? null : pool.pollFirst();
        if (s != null) {
            return s;
        }
        // Access changed for this agency: sessions under its older decisions are of no more use.
        for (Iterator<Map.Entry<SessionKey, ConcurrentLinkedDeque<Session>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SessionKey, ConcurrentLinkedDeque<Session>> e = it.next();
            if (e.getKey().agency().equals(key.agency()) && !e.getKey().equals(key)) {
                it.remove();
                e.getValue().forEach(Session::close);
            }
        }
        return new Session(key, federation.connect(key.agency(), key.decisions()));
    }

    private void release(Session s, boolean healthy) {
        ConcurrentLinkedDeque<Session> pool = idle.computeIfAbsent(s.key, k -> new ConcurrentLinkedDeque<>());
        if (healthy && pool.size() < IDLE_SESSIONS_PER_KEY) {
            pool.addFirst(s);
        } else if (!healthy) {
            // A failed execution may leave a statement in a bad state; forget the statements, keep nothing half-done.
            s.statements.values().forEach(p -> closeQuietly(p.statement()));
            s.statements.clear();
            if (pool.size() < IDLE_SESSIONS_PER_KEY) {
                pool.addFirst(s);
            } else {
                s.close();
            }
        } else {
            s.close();
        }
    }

    /** A JDBC connection for a caller, under the same rules, for the JDBC endpoint. */
    public java.sql.Connection openJdbc(Caller caller, String purpose) throws SQLException {
        return JdbcSession.open(federation, usage, limits, caller, purpose);
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

    static String rootMessage(Throwable e) {
        Throwable refusal = refusal(e);
        if (refusal != null) {
            return refusal.getMessage();
        }
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        idle.values().forEach(q -> q.forEach(Session::close));
        idle.clear();
        reader.close();
    }
}
