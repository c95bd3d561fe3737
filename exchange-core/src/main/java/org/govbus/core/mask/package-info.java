/** Masking of sensitive values (ID numbers, mobiles, names), chosen per column. */
package org.govbus.core.mask;
