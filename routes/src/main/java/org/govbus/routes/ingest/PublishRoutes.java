package org.govbus.routes.ingest;

import org.govbus.routes.bus.OutboxRelay;

/**
 * The publish route: relays what was stored to the bus on its own thread, so that storing the next batch and
 * publishing the last one overlap. A stored batch wakes it (see {@link SourceRoutes}); a timer wakes it too,
 * for what an earlier run stored but had not published.
 */
public final class PublishRoutes extends GovBusRoutes {

    /** Wake-ups of the publish route: one pending wake-up is enough, more are dropped. */
    public static final String WAKE = "seda:govbus-publish?size=1&discardWhenFull=true";

    private final OutboxRelay relay;
    private final long pollMillis;

    public PublishRoutes(OutboxRelay relay, long pollMillis) {
        this.relay = relay;
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        retryAtNextTick();
        from(WAKE).routeId("publish")
                .process(e -> relay.drain());
        from("timer:govbus-publish?delay=0&period=" + pollMillis).routeId("publish-tick")
                .to(WAKE);
    }
}
