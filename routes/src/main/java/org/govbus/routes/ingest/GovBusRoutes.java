package org.govbus.routes.ingest;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** What GovBus's routes share: a failed run is logged and tried again at the route's next tick. */
abstract class GovBusRoutes extends RouteBuilder {

    /** Handles any failure of a run: logged without a stack trace; the next tick tries again. */
    protected void retryAtNextTick() {
        onException(Exception.class)
                .handled(true)
                .logStackTrace(false)
                .log(LoggingLevel.WARN, "${routeId} failed, will try again: ${exception.message}");
    }
}
