package org.govbus.app.subscribe;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.app.access.GrantStore;
import org.govbus.app.access.UsageLog;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.schemas.SchemaRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Subscriptions and their delivery, once per poll interval. */
@Configuration(proxyBeanMethods = false)
public class SubscriptionConfig {

    @Bean(destroyMethod = "close")
    public SubscriptionService subscriptionService(DataSource dataSource, DatasetCatalog catalog, GrantStore grants,
            SchemaRegistry registry, UsageLog usage, AuditLog audit, EmbeddedBroker broker) {
        return new SubscriptionService(dataSource, catalog, grants, registry, usage, audit, broker.connectionFactory());
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService subscriptionDelivery(SubscriptionService subscriptions, GovBusProperties props) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "govbus-subscription-delivery");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, props.pollInterval().toMillis());
        s.scheduleWithFixedDelay(() -> {
            try {
                subscriptions.deliverDue();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SubscriptionConfig.class).warn("subscription delivery round failed: {}",
                        e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return s;
    }
}
