package org.govbus.routes.ingest;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.govbus.routes.bus.OutboxRelay;

/**
 * The Camel routes of ingest: one polling route per source, each draining its source batch by batch, and
 * the publish route that relays what was stored to the bus on its own thread, so that storing the next batch
 * and publishing the last one overlap. A stored batch wakes the publish route; a timer wakes it too, for what
 * an earlier run stored but had not published. A route whose source is down logs the failure and tries again
 * at its next tick; the others go on.
 */
public final class IngestRoutes extends RouteBuilder {

    /** Wake-ups of the publish route: one pending wake-up is enough, more are dropped. */
    static final String WAKE = "seda:govbus-publish?size=1&discardWhenFull=true";

    private final List<IngestPipeline> pipelines;
    private final OutboxRelay relay;
    private final long pollMillis;
    private volatile ProducerTemplate waker;

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
                .log(LoggingLevel.WARN, "${routeId} failed, will try again: ${exception.message}");

        from(WAKE).routeId("publish")
                .process(e -> relay.drain());
        from("timer:govbus-publish?delay=0&period=" + pollMillis).routeId("publish-tick")
                .to(WAKE);

        for (IngestPipeline p : pipelines) {
            from("timer:ingest-" + p.source().name() + "?delay=0&period=" + pollMillis)
                    .routeId("ingest-" + p.source().name())
                    .process(e -> {
                        BatchOutcome outcome;
                        do {
                            outcome = p.runOnce();
                            if (outcome.stored() + outcome.rejected() > 0) {
                                waker(e.getContext()).sendBody(WAKE, null);
                            }
                        } while (outcome.more() && e.getContext().getStatus().isStarted());
                    });
        }
    }

    private ProducerTemplate waker(CamelContext context) {
        ProducerTemplate t = waker;
        if (t == null) {
            synchronized (this) {
                if (waker == null) {
                    waker = context.createProducerTemplate();
                }
                t = waker;
            }
        }
        return t;
    }
}
