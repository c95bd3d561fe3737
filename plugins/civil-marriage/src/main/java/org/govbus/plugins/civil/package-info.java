/**
 * CIVIL's marriage registrations: the legacy table {@code HYDJ_DJXX} mapped to the canonical
 * {@code MarriageRegistration}. Uses only {@code org.govbus.core}: a plugin needs nothing else.
 */
package org.govbus.plugins.civil;
