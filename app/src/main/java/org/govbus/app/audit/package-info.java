/** The audit log of administrative acts, append-only and hash-chained, with its verifier (HTTP and command line). */
package org.govbus.app.audit;
