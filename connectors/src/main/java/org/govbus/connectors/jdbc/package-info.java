/** JDBC polling of any JDBC source, incremental on a watermark column. */
package org.govbus.connectors.jdbc;
