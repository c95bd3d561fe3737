package org.govbus.app.query;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The query timeout for what runs inside Calcite (joins across sources, live datasets): a watchdog cancels the
 * statement when its time is up; reading its result to the end or closing it stops the watchdog. The sources
 * enforce the same timeout on their side (the store's sessions, a live source's statements).
 */
final class Timeouts {

    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private static ScheduledExecutorService watchdog() {
        java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "govbus-query-timeout");
            t.setDaemon(true);
            return t;
        });
        // Nearly every watch is called off when its query ends: drop it then, not when its time would have come.
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
    private static final Map<Object, ScheduledFuture<?>> RUNNING = new ConcurrentHashMap<>();

    private Timeouts() {
    }

    /** Executes a query under the watchdog. */
    static ResultSet run(PreparedStatement ps, Duration timeout) throws SQLException {
        ScheduledFuture<?> f = WATCHDOG.schedule(() -> cancel(ps), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ResultSet rs = ps.executeQuery();
            RUNNING.put(rs, f);
            return rs;
        } catch (SQLException | RuntimeException e) {
            f.cancel(false);
            throw e;
        }
    }

    /** Watches a statement already executing (the JDBC endpoint's); returns what stops the watch. */
    static ScheduledFuture<?> watch(Statement s, Duration timeout) {
        return WATCHDOG.schedule(() -> cancel(s), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The result is done with: stop its watchdog. */
    static void done(ResultSet rs) {
        ScheduledFuture<?> f = RUNNING.remove(rs);
        if (f != null) {
            f.cancel(false);
        }
    }

    private static void cancel(Statement s) {
        try {
            s.cancel();
        } catch (SQLException ignored) {
            // already closed
        }
    }
}
