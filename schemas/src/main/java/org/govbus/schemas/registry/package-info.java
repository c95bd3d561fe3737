/**
 * The schema registry: subjects, versions, global IDs, references, compatibility levels and the checks
 * behind them, with answers that say which field broke which reader or writer. Its REST face, compatible with
 * Confluent Schema Registry API v1, lives in the app module.
 */
package org.govbus.schemas.registry;
