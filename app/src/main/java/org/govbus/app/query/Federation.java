package org.govbus.app.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.adapter.jdbc.JdbcTable;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.app.access.GrantStore;
import org.govbus.core.access.AccessDecision;
import org.govbus.core.access.AccessPolicy;

/**
 * The federated namespace: every served dataset as {@code <agency>.<dataset>}, and for each caller the
 * namespace its grants allow, with the rules in the plan.
 */
final class Federation {

    private final DatasetCatalog catalog;
    private final GrantStore grants;
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    /** Where a dataset's rows live. */
    record Served(String dataset, HiddenSources.Source source, String schema, String table, LiveTable live,
            org.apache.calcite.linq4j.tree.Expression liveExpression) {

        Served(String dataset, HiddenSources.Source source, String schema, String table) {
            this(dataset, source, schema, table, null, null);
        }
    }

    Federation(DatasetCatalog catalog, GrantStore grants) {
        this.catalog = catalog;
        this.grants = grants;
        PlanCheck.install();
    }

    void serve(Served s) {
        served.put(s.dataset(), s);
    }

    Map<String, Served> served() {
        return served;
    }

    /** What the agency may do with each served dataset, now. Equal decisions give equal maps. */
    Map<String, AccessDecision> decisions(String agency) {
        Instant now = Instant.now();
        Map<String, AccessDecision> out = new TreeMap<>();
        for (String dataset : served.keySet()) {
            catalog.entry(dataset).ifPresent(e ->
                    out.put(dataset, AccessPolicy.decide(agency, e.rules(), grants.all(), now)));
        }
        return out;
    }

    /** A Calcite connection whose namespace holds what those decisions allow, and nothing else. */
    CalciteConnection connect(String agency, Map<String, AccessDecision> decisions) throws SQLException {
        Properties info = new Properties();
        info.setProperty("caseSensitive", "false");
        info.setProperty("unquotedCasing", "UNCHANGED");
        info.setProperty("quotedCasing", "UNCHANGED");
        Connection connection = DriverManager.getConnection("jdbc:calcite:", info);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        SchemaPlus root = calcite.getRootSchema();
        Map<String, Map<String, Table>> schemas = new TreeMap<>();
        decisions.forEach((dataset, decision) -> {
            Served s = served.get(dataset);
            if (s == null) {
                return;
            }
            Table table = null;
            if (decision instanceof AccessDecision.Allowed a) {
                table = new GuardedTable(raw(s), Guard.of(agency, a.access()), s.liveExpression(), s.table());
            } else if (decision instanceof AccessDecision.Refused r && r.visible()) {
                table = new RefusedTable(raw(s), r.reason());
            }
            if (table != null) {
                schemas.computeIfAbsent(dataset.substring(0, dataset.indexOf('.')), k -> new LinkedHashMap<>())
                        .put(dataset.substring(dataset.indexOf('.') + 1), table);
            }
        });
        schemas.forEach((name, tables) -> root.add(name, new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                return tables;
            }
        }));
        return calcite;
    }

    private final Map<String, JdbcTable> rawTables = new ConcurrentHashMap<>();

    private Table raw(Served s) {
        if (s.live() != null) {
            return s.live();
        }
        return rawTables.computeIfAbsent(s.dataset(), k -> {
            Table t = s.source().schema(s.schema()).tables().get(s.table());
            if (!(t instanceof JdbcTable jt)) {
                throw new IllegalStateException("dataset " + s.dataset() + " has no table " + s.schema() + "." + s.table()
                        + " in its source");
            }
            return jt;
        });
    }
}
