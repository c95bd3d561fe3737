package org.govbus.app.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.govbus.app.subscribe.Subscription;
import org.govbus.app.subscribe.SubscriptionService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Subscriptions to the changes of a dataset. */
@RestController
@RequestMapping("/api/v1/subscriptions")
public class SubscriptionController {

    private final SubscriptionService subscriptions;

    public SubscriptionController(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    /**
     * @param dataset   the dataset
     * @param channel   {@code queue} or {@code webhook}
     * @param url       the webhook's URL
     * @param purpose   what the changes are used for
     * @param fromStart deliver every stored version first, not only changes from now on
     */
    public record NewSubscription(String dataset, String channel, String url, String purpose, Boolean fromStart) {
    }

    /** A subscription as the API shows it, with the changes that wait for it; the secret only at creation. */
    public record View(Subscription subscription, long pending, String webhookSecret) {
    }

    @Operation(summary = "Subscribe to a dataset the agency may read: each change, masked and filtered per its grant, "
            + "to a durable queue of its own (govbus.subscription.<id>) or to its system's webhook (signed with HMAC-SM3)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public View create(@RequestBody NewSubscription body, HttpServletRequest http) {
        SubscriptionService.Created c = subscriptions.subscribe(SharingController.caller(http), body.dataset(), body.channel(),
                body.url(), body.purpose(), body.fromStart() != null && body.fromStart());
        return new View(c.subscription(), subscriptions.pending(c.subscription()), c.webhookSecret());
    }

    @Operation(summary = "The agency's subscriptions (the platform: all), with what waits for each and the last error")
    @GetMapping
    public List<View> list(HttpServletRequest http) {
        return subscriptions.list(SharingController.caller(http)).stream()
                .map(s -> new View(s, subscriptions.pending(s), null)).toList();
    }

    @Operation(summary = "One subscription")
    @GetMapping("/{id}")
    public View get(@PathVariable("id") String id, HttpServletRequest http) {
        Subscription s = subscriptions.get(SharingController.caller(http), id);
        return new View(s, subscriptions.pending(s), null);
    }

    @Operation(summary = "Cancel a subscription")
    @DeleteMapping("/{id}")
    public View cancel(@PathVariable("id") String id, HttpServletRequest http) {
        Subscription s = subscriptions.cancel(SharingController.caller(http), id);
        return new View(s, subscriptions.pending(s), null);
    }
}
