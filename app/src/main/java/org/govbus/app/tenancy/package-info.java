/** Agencies as tenants of the shared platform, and their onboarding as a rented service. */
package org.govbus.app.tenancy;
