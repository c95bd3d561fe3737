/**
 * SQL over the shared data through Apache Calcite. Read only twice over: a statement that is not a query
 * is refused before planning, and the store is read through a database user that may only SELECT.
 */
package org.govbus.app.query;
