package org.govbus.routes.ingest;

import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.govbus.routes.bus.OutboxRelay;

/**
 * The Camel routes of ingest: one polling route per source, each draining its source batch by batch and
 * publishing what it stored, and a publish route that relays the outbox to the bus. A
 * route whose source is down logs the failure and tries again at its next tick; the others go on.
 */
public final class IngestRoutes extends RouteBuilder {

    private final List<IngestPipeline> pipelines;
    private final OutboxRelay relay;
    private final long pollMillis;

    public IngestRoutes(List<IngestPipeline> pipelines, OutboxRelay relay, long pollMillis) {
        this.pipelines = List.copyOf(pipelines);
        this.relay = relay;
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .logStackTrace(false)
                .log(org.apache.camel.LoggingLevel.WARN, "${routeId} failed, will try again: ${exception.message}");

        // The relay runs on its own tick too: it publishes what an earlier run stored but had not sent.
        from("timer:govbus-publish?delay=0&period=" + pollMillis).routeId("publish")
                .process(e -> relay.drain());

        for (IngestPipeline p : pipelines) {
            from("timer:ingest-" + p.source().name() + "?delay=0&period=" + pollMillis)
                    .routeId("ingest-" + p.source().name())
                    .process(e -> {
                        BatchOutcome outcome;
                        do {
                            outcome = p.runOnce();
                            if (outcome.stored() + outcome.rejected() > 0) {
                                relay.drain();
                            }
                        } while (outcome.more() && e.getContext().getStatus().isStarted());
                    });
        }
    }
}
