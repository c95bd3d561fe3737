/**
 * The GovBus domain and plugin SPI. This module depends on no other GovBus module; every other module
 * depends on it. Sub-packages: {@code id} (citizen ID numbers), {@code mask} (masking policies),
 * {@code crypto} (SM3 hashing), {@code record} (legacy rows, canonical records, record errors) and
 * {@code spi} (what route plugins implement).
 */
package org.govbus.core;
