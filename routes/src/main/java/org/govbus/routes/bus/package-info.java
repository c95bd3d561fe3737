/** The bus: the embedded Artemis broker and the outbox relay that publishes stored records on it. */
package org.govbus.routes.bus;
