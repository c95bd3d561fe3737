/** The shared store in the platform database. */
package org.govbus.routes.store;
