/** File drops: CSV files in a department's own encoding, read when complete, streamed, archived or quarantined. */
package org.govbus.connectors.file;
