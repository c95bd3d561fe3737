/** Records as they travel: a legacy row in its own shape, the problems found in it, and their report. */
package org.govbus.core.record;
