package org.govbus.routes.ingest;

import org.apache.camel.ProducerTemplate;

/**
 * The polling route of one source, {@code ingest-<source>}: each tick drains the source batch by batch and
 * wakes the publish route after each stored batch. A source that is down logs the failure and is tried
 * again at its next tick; other sources go on. A route stopped between batches loses nothing: each batch is
 * one transaction with the source position.
 */
public final class SourceRoutes extends GovBusRoutes {

    private final String source;
    private final Poller poller;
    private final long pollMillis;

    public SourceRoutes(String source, Poller poller, long pollMillis) {
        this.source = source;
        this.poller = poller;
        this.pollMillis = pollMillis;
    }

    /** The route ID of a source's polling route. */
    public static String routeId(String source) {
        return "ingest-" + source;
    }

    @Override
    public void configure() {
        retryAtNextTick();
        from("timer:ingest-" + source + "?delay=0&period=" + pollMillis)
                .routeId(routeId(source))
                .process(e -> {
                    ProducerTemplate waker = e.getContext().createProducerTemplate();
                    try {
                        BatchOutcome outcome;
                        do {
                            outcome = poller.runOnce();
                            if (outcome.stored() + outcome.rejected() > 0) {
                                waker.sendBody(PublishRoutes.WAKE, null);
                            }
                        } while (outcome.more() && e.getContext().getStatus().isStarted());
                    } finally {
                        waker.close();
                    }
                });
    }
}
