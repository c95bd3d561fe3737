/** Ingest of one source: poll, map, validate, deduplicate, store, publish; and its Camel route. */
package org.govbus.routes.ingest;
