/**
 * What a route plugin implements. Kept small on purpose: a plugin author reads this package and
 * docs/plugins.md. Types marked {@link org.govbus.core.spi.Evolving} may still change between minor versions.
 */
package org.govbus.core.spi;
