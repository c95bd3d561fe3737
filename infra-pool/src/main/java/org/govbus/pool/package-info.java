/**
 * The shared compute and storage pool: quotas, fair scheduling, metering and cluster membership. Empty in
 * this first version: the module exists so that the layering rules hold from the start; its work arrives
 * with the pool issue.
 */
package org.govbus.pool;
