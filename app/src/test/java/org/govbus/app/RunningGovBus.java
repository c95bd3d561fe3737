package org.govbus.app;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the tests of a running GovBus share: a data directory of their own, the HTTP port, and a context closed
 * after the class (its broker, databases and threads do not outlive it). Subclasses add {@code @SpringBootTest}.
 */
@DirtiesContext
abstract class RunningGovBus {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("govbus.data-dir", () -> dataDir.toString());
        registry.add("govbus.jdbc-port", () -> "0");
    }

    @LocalServerPort
    int port;
}
