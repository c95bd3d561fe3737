/** The schema registry's REST API under /registry, compatible with Confluent Schema Registry API v1. */
package org.govbus.app.registry;
