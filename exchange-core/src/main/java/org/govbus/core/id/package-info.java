/** The citizen identity number of GB 11643-1999: validation and generation of valid test numbers. */
package org.govbus.core.id;
