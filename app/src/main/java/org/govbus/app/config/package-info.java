/** Typed configuration and the wiring of the platform database, the store, the registry and the broker. */
package org.govbus.app.config;
