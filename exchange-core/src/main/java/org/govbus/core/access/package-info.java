/**
 * Who may read what: share types of the catalog, grants, and the decision that turns them into what a query or a
 * delivery may show. Shared by the query layer and, later, by the sharing workflow and subscriptions.
 */
package org.govbus.core.access;
