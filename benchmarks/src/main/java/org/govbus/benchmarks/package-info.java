/**
 * Benchmarks that print each figure beside a baseline measured in the same process, so that the ratio,
 * not the machine, is the result. Commands and figures: BENCHMARKS.md.
 */
package org.govbus.benchmarks;
