/** The tamper-evident audit log: entries chained by SM3, and the verifier that finds the first broken link. */
package org.govbus.core.audit;
