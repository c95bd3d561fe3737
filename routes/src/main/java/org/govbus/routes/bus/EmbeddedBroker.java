package org.govbus.routes.bus;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Artemis broker inside the GovBus process, with its persistent journal under a data directory. Reached
 * in-VM; a TCP acceptor is added when a port is given. Duplicate detection is on for every address: the
 * outbox relay marks each message with an ID, so a message sent again after a crash is dropped.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private static final java.util.concurrent.atomic.AtomicInteger IN_VM_IDS = new java.util.concurrent.atomic.AtomicInteger(1000);

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    /** A fresh in-VM server ID: brokers in one JVM (tests, benchmarks) must not share one. */
    public static int nextInVmId() {
        return IN_VM_IDS.incrementAndGet();
    }
    private final String inVmUrl;

    /**
     * @param dataDir directory of the journal, bindings, paging and large messages
     * @param brokerId in-VM server ID, distinct per broker in one JVM
     * @param tcpPort TCP port for clients outside the process, or 0 for none
     */
    public EmbeddedBroker(Path dataDir, int brokerId, int tcpPort) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("govbus")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setIDCacheSize(100_000)
                .setPersistIDCache(true)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://" + brokerId);
        if (tcpPort > 0) {
            // Loopback only until mutual TLS and broker security arrive. JMS (core) and AMQP 1.0 clients.
            config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + tcpPort + "?protocols=CORE,AMQP");
        }
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setMaxDeliveryAttempts(10));
        server.setConfiguration(config);
        server.start();
        this.inVmUrl = "vm://" + brokerId;
        LOG.info("Artemis broker started: journal in {}, in-VM {}{}", dataDir.toAbsolutePath(), inVmUrl,
                tcpPort > 0 ? ", TCP 127.0.0.1:" + tcpPort : "");
    }

    /** A JMS connection factory for clients in this process. */
    public ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(inVmUrl);
    }

    public String inVmUrl() {
        return inVmUrl;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
