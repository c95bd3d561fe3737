package org.govbus.app.query;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.jdbc.CalciteConnection;
import org.govbus.app.access.UsageLog;
import org.govbus.app.security.Caller;
import org.govbus.core.access.AccessDecision;

/**
 * A JDBC connection of one caller, for the Avatica endpoint: the same namespace, guards and usage log as the
 * HTTP path. Before each statement the caller's access is looked at again: when a grant changed, the namespace
 * is rebuilt and statements prepared under the old one refuse to run, so a revocation takes effect on the next
 * query. Statements are read only and limited in rows and time as the HTTP path is.
 */
final class JdbcSession implements InvocationHandler {

    private final Federation federation;
    private final UsageLog usage;
    private final org.govbus.app.config.GovBusProperties.Query limits;
    private final Caller caller;
    private final String purpose;
    private Map<String, AccessDecision> decisions;
    private CalciteConnection calcite;
    private long generation;

    private JdbcSession(Federation federation, UsageLog usage, org.govbus.app.config.GovBusProperties.Query limits,
            Caller caller, String purpose) throws SQLException {
        this.federation = federation;
        this.usage = usage;
        this.limits = limits;
        this.caller = caller;
        this.purpose = purpose;
        this.decisions = federation.decisions(caller.agency());
        this.calcite = federation.connect(caller.agency(), decisions);
    }

    static Connection open(Federation federation, UsageLog usage, org.govbus.app.config.GovBusProperties.Query limits,
            Caller caller, String purpose) throws SQLException {
        return (Connection) Proxy.newProxyInstance(JdbcSession.class.getClassLoader(), new Class<?>[] {Connection.class},
                new JdbcSession(federation, usage, limits, caller, purpose));
    }

    /** Rebuilds the namespace when the caller's access changed; returns whether it did. */
    private synchronized boolean refresh() throws SQLException {
        Map<String, AccessDecision> now = federation.decisions(caller.agency());
        if (now.equals(decisions)) {
            return false;
        }
        QueryService.closeQuietly(calcite);
        decisions = now;
        calcite = federation.connect(caller.agency(), now);
        generation++;
        return true;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "prepareStatement" -> {
                refresh();
                String sql = (String) args[0];
                QueryService.requireQuery(sql);
                PlanCheck.Report report = PlanCheck.begin();
                PreparedStatement ps;
                try {
                    ps = calcite.prepareStatement(sql);
                } catch (SQLException e) {
                    throw refused(sql, e, Map.of());
                } finally {
                    PlanCheck.end();
                }
                limit(ps);
                return wrap(PreparedStatement.class, ps, sql, Map.copyOf(report.read), generation);
            }
            case "createStatement" -> {
                refresh();
                Statement s = calcite.createStatement();
                limit(s);
                return wrap(Statement.class, s, null, Map.of(), generation);
            }
            case "prepareCall", "nativeSQL" -> throw new SQLException("GovBus's JDBC endpoint takes queries only");
            case "isWrapperFor" -> {
                return false;
            }
            case "unwrap" -> {
                throw new SQLException("this connection does not unwrap");
            }
            default -> {
                return call(calcite, method, args);
            }
        }
    }

    private void limit(Statement s) throws SQLException {
        s.setMaxRows(limits.maxRows());
        // No setQueryTimeout: Calcite would pass it to every source statement (costly on H2); the store's sessions
        // carry the timeout, live sources set their own, and Timeouts cancels what runs in Calcite itself.
    }

    private SQLException refused(String sql, SQLException e, Map<String, Set<String>> read) {
        String message = QueryService.rootMessage(e);
        usage.record(new UsageLog.Use(caller.agency(), caller.system(), purpose, "jdbc", sql, read, 0, 0,
                "refused: " + message));
        return new SQLException(message, "42000");
    }

    /** One execution, logged once: when its result is read to the end, closed, or its statement closed. */
    private final class Pending {
        final String sql;
        final Map<String, Set<String>> read;
        final long start = System.nanoTime();
        long rows;
        boolean logged;
        java.util.concurrent.ScheduledFuture<?> watchdog;

        Pending(String sql, Map<String, Set<String>> read) {
            this.sql = sql;
            this.read = read;
        }

        synchronized void log() {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (!logged) {
                logged = true;
                usage.record(new UsageLog.Use(caller.agency(), caller.system(), purpose, "jdbc", sql, read, rows,
                        (System.nanoTime() - start) / 1_000_000, "ok"));
            }
        }
    }

    private <T extends Statement> T wrap(Class<T> type, T statement, String preparedSql,
            Map<String, Set<String>> preparedRead, long bornIn) {
        Pending[] current = new Pending[1];
        Object[] target = {statement};
        long[] born = {bornIn};
        InvocationHandler h = (proxy, method, args) -> {
            String name = method.getName();
            boolean runs = name.startsWith("execute");
            if (runs && (name.contains("Update") || name.contains("Batch"))) {
                throw new SQLException("GovBus's JDBC endpoint is read only: " + name + " is refused", "42000");
            }
            if (name.equals("addBatch")) {
                throw new SQLException("GovBus's JDBC endpoint is read only: batches are refused", "42000");
            }
            if (name.equals("isWrapperFor")) {
                return false;
            }
            if (name.equals("unwrap")) {
                throw new SQLException("this statement does not unwrap");
            }
            if (!runs) {
                if (name.equals("close") && current[0] != null) {
                    current[0].log();
                }
                Object out = call(target[0], method, args);
                if (out instanceof ResultSet rs && current[0] != null) {
                    return counting(rs, current[0]);
                }
                return out;
            }
            boolean changed = refresh() || born[0] != generation;
            if (changed && preparedSql == null) {
                // A plain statement carries no plan: it runs again on the namespace of the caller's access now.
                Statement fresh = calcite.createStatement();
                limit(fresh);
                fresh.setMaxRows(((Statement) target[0]).getMaxRows());
                QueryService.closeQuietly((Statement) target[0]);
                target[0] = fresh;
                born[0] = generation;
            } else if (changed) {
                throw new SQLException("the access rules of " + caller.agency() + " changed since this statement was "
                        + "prepared (a grant was given, changed or revoked): prepare it again", "42000");
            }
            if (current[0] != null) {
                current[0].log();
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            java.util.concurrent.ScheduledFuture<?> watchdog = Timeouts.watch((Statement) target[0], limits.timeout());
            Object out;
            if (preparedSql == null) {
                QueryService.requireQuery(sql);
                PlanCheck.Report report = PlanCheck.begin();
                try {
                    out = call(target[0], method, args);
                } catch (SQLException e) {
                    watchdog.cancel(false);
                    throw refused(sql, e, Map.of());
                } finally {
                    PlanCheck.end();
                }
                current[0] = new Pending(sql, Map.copyOf(report.read));
                current[0].watchdog = watchdog;
            } else {
                current[0] = new Pending(sql, preparedRead);
                current[0].watchdog = watchdog;
                try {
                    out = call(target[0], method, args);
                } catch (SQLException e) {
                    watchdog.cancel(false);
                    current[0].logged = true;
                    throw refused(sql, e, preparedRead);
                }
            }
            return out instanceof ResultSet rs ? counting(rs, current[0]) : out;
        };
        return type.cast(Proxy.newProxyInstance(JdbcSession.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static ResultSet counting(ResultSet rs, Pending pending) {
        InvocationHandler h = (proxy, method, args) -> {
            Object out = call(rs, method, args);
            if (method.getName().equals("next")) {
                if (Boolean.TRUE.equals(out)) {
                    synchronized (pending) {
                        pending.rows++;
                    }
                } else {
                    pending.log();
                }
            } else if (method.getName().equals("close")) {
                pending.log();
            }
            return out;
        };
        return (ResultSet) Proxy.newProxyInstance(JdbcSession.class.getClassLoader(), new Class<?>[] {ResultSet.class}, h);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
