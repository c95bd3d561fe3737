package org.govbus.app.audit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.govbus.app.config.PlatformConfig;
import org.govbus.core.audit.AuditChain;
import org.h2.jdbcx.JdbcDataSource;

/**
 * {@code java -jar govbus.jar audit-verify [--govbus.data-dir=DIR]}: checks the audit log of a stopped GovBus
 * (or a copy of its data directory) without starting anything else. Exit code 0 when the chain holds, 1 when
 * it is broken (the first broken entry is printed), 2 when it cannot be read.
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        Path dataDir = Path.of("./data");
        for (String a : args) {
            if (a.startsWith("--govbus.data-dir=")) {
                dataDir = Path.of(a.substring("--govbus.data-dir=".length()));
            }
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        try {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(PlatformConfig.platformUrl(dataDir) + ";IFEXISTS=TRUE");
            ds.setUser("govbus");
            ds.setPassword(Files.readString(dataDir.resolve("platform").resolve("db-secret")).trim());
            Optional<AuditChain.Break> broken = AuditLog.verify(ds, dataDir.resolve("audit-head"));
            if (broken.isEmpty()) {
                out.println("audit log of " + dataDir + ": chain holds");
                return 0;
            }
            out.println("audit log of " + dataDir + ": BROKEN at entry " + broken.get().seq() + ": " + broken.get().reason());
            return 1;
        } catch (Exception e) {
            out.println("audit log of " + dataDir + " cannot be read: " + e.getMessage());
            return 2;
        }
    }
}
