package org.govbus.app.subscribe;

import java.time.Instant;

/**
 * One agency's subscription to one dataset.
 *
 * @param id            its identifier
 * @param agency        the subscribing agency
 * @param system        the system that subscribed
 * @param dataset       the dataset
 * @param channel       {@code queue} (a durable queue of its own on the bus) or {@code webhook}
 * @param target        the queue's address, or the webhook's URL
 * @param purpose       what the changes are used for (in the usage log)
 * @param cursor        the last change of the dataset's history handled
 * @param state         ACTIVE or CANCELLED
 * @param delivered     changes delivered so far
 * @param attempts      failed delivery attempts in a row
 * @param nextAttemptAt when delivery is tried next after a failure
 * @param lastError     why the last attempt failed, or why nothing is delivered
 * @param createdAt     when it was made
 */
public record Subscription(String id, String agency, String system, String dataset, String channel, String target,
        String purpose, long cursor, String state, long delivered, int attempts, Instant nextAttemptAt, String lastError,
        Instant createdAt) {
}
