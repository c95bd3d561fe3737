/** Connector types that read legacy systems. Each reads rows in the source's own shape and says where it got to. */
package org.govbus.connectors;
