package org.govbus.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void theRightPasswordMatchesAndNothingElseDoes() {
        String stored = PasswordHash.hash("correct horse battery staple");
        assertThat(stored).startsWith("argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
        assertThat(PasswordHash.matches("correct horse battery staple", stored)).isTrue();
        assertThat(PasswordHash.matches("correct horse battery stapl", stored)).isFalse();
        assertThat(PasswordHash.matches(null, stored)).isFalse();
        assertThat(PasswordHash.matches("x", "plain-text")).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(PasswordHash.hash("same")).isNotEqualTo(PasswordHash.hash("same"));
    }
}
