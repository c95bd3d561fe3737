/**
 * The demo world of ../shared/DOMAIN.md: CIVIL's marriage registrations in an embedded MariaDB and EDU's
 * teacher certificates in an embedded PostgreSQL, seeded with synthetic people whose ID numbers are valid,
 * and a clerk at CIVIL who registers and updates a few records every minute.
 */
package org.govbus.app.demo;
