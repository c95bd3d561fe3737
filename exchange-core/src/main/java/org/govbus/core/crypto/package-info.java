/** National commercial cryptography (SM2, SM3, SM4) through Bouncy Castle. */
package org.govbus.core.crypto;
