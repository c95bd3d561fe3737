package org.govbus.app.query;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.govbus.app.security.Caller;
import org.govbus.app.security.CredentialStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard JDBC endpoint: Avatica's protocol (protobuf over HTTP), so approval systems and SQL tools connect
 * with {@code jdbc:avatica:remote:url=http://host:8765;serialization=PROTOBUF}, their agency's system token as
 * the password, and optionally {@code purpose=...}. Served by the JDK's HTTP server because Avatica's own server
 * is built on a Jetty that Spring Boot's does not match.
 */
public class JdbcEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;

    public JdbcEndpoint(int port, QueryService queries, CredentialStore credentials) throws IOException, SQLException {
        JdbcMeta meta = new GovBusMeta(queries, credentials);
        ProtobufHandler handler = new ProtobufHandler(new LocalService(meta), new ProtobufTranslationImpl(),
                NoopMetricsSystem.getInstance());
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "govbus-jdbc-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(port), 64);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    byte[] text = "GovBus JDBC endpoint: connect with jdbc:avatica:remote:url=http://<host>:<port>;serialization=PROTOBUF\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(405, text.length);
                    exchange.getResponseBody().write(text);
                    return;
                }
                byte[] request = exchange.getRequestBody().readNBytes(16 * 1024 * 1024);
                Handler.HandlerResponse<byte[]> response = handler.apply(request);
                byte[] body = response.getResponse();
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(response.getStatusCode(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (UncheckedIOException e) {
                LOG.debug("JDBC client went away: {}", e.getMessage());
            }
        });
        server.start();
        LOG.info("JDBC endpoint on port {}: jdbc:avatica:remote:url=http://<host>:{};serialization=PROTOBUF",
                port(), port());
    }

    /** The port it listens on (useful when it was asked for any free port). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Avatica's JDBC bridge, opening GovBus sessions instead of plain JDBC connections. */
    static final class GovBusMeta extends JdbcMeta {
        private final QueryService queries;
        private final CredentialStore credentials;

        GovBusMeta(QueryService queries, CredentialStore credentials) throws SQLException {
            super("jdbc:govbus:", new Properties());
            this.queries = queries;
            this.credentials = credentials;
        }

        @Override
        protected Connection createConnection(String url, Properties info) throws SQLException {
            String token = info.getProperty("password");
            Caller caller = token == null ? null : credentials.authenticate(token).orElse(null);
            if (caller == null) {
                throw new SQLException("present your agency system's token as the password of the connection", "28000");
            }
            return queries.openJdbc(caller, info.getProperty("purpose"));
        }
    }
}
