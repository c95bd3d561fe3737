/** The dataset catalog's access rules and the grants, as the query layer and deliveries read them. */
package org.govbus.app.access;
