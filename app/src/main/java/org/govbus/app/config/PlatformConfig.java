package org.govbus.app.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.routes.bus.OutboxRelay;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.CanonicalSchemas;
import org.govbus.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The platform's own parts, all under the data directory: the H2 platform database (shared store, registry,
 * credentials), and the embedded Artemis broker with its journal.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformConfig {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformConfig.class);

    /** JDBC URL of the platform database under a data directory, without settings. */
    public static String platformUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("platform").resolve("govbus");
    }

    @Bean
    @Primary
    public DataSource platformDataSource(GovBusProperties props) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("platform");
        // WRITE_DELAY=0: a committed batch is handed to the OS at once, so killing the process loses none.
        c.setJdbcUrl(platformUrl(props.dataDir()) + ";WRITE_DELAY=0");
        c.setUsername("govbus");
        c.setPassword(SecretFiles.readOrCreate(props.dataDir().resolve("platform").resolve("db-secret")));
        c.setMaximumPoolSize(8);
        LOG.info("GovBus data directory: {}", props.dataDir());
        LOG.info("Platform database (H2): {}", platformUrl(props.dataDir()));
        return new HikariDataSource(c);
    }

    @Bean
    public SharedStore sharedStore(DataSource dataSource) {
        return new SharedStore(dataSource);
    }

    /** The registry, with every shipped canonical schema registered under its full name. */
    @Bean
    public SchemaRegistry schemaRegistry(DataSource dataSource) {
        SchemaRegistry registry = new SchemaRegistry(dataSource);
        for (String name : CanonicalSchemas.SHIPPED) {
            // A shipped schema that broke compatibility with the one already registered stops the start here.
            registry.register(name, CanonicalSchemas.byName(name));
        }
        return registry;
    }

    @Bean
    public org.govbus.app.audit.AuditLog auditLog(DataSource dataSource, GovBusProperties props) {
        return new org.govbus.app.audit.AuditLog(dataSource, props.dataDir());
    }

    @Bean(destroyMethod = "close")
    public EmbeddedBroker embeddedBroker(GovBusProperties props) throws Exception {
        return new EmbeddedBroker(props.dataDir().resolve("broker"), EmbeddedBroker.nextInVmId(), props.brokerPort());
    }

    @Bean(destroyMethod = "close")
    public OutboxRelay outboxRelay(DataSource dataSource, SharedStore store, EmbeddedBroker broker) throws JMSException {
        return new OutboxRelay(dataSource, broker.connectionFactory(), 1000);
    }
}
