/**
 * Subscriptions: each change of a dataset delivered to an agency that may read it, masked and filtered per its
 * grant, to a durable queue of its own or to its system's webhook.
 */
package org.govbus.app.subscribe;
