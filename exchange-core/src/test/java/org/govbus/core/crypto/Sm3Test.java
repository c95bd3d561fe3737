package org.govbus.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class Sm3Test {

    @Test
    void theSm3DigestOfAbcIsTheStandardsExample() {
        // GB/T 32905-2016, example 1.
        assertThat(Sm3.hex("abc")).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @Test
    void hmacSm3AgreesWithTheJcaProviderAndDependsOnTheKey() throws Exception {
        byte[] key = "subscription-secret".getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HMACSM3", new BouncyCastleProvider());
        mac.init(new SecretKeySpec(key, "HMACSM3"));
        assertThat(Sm3.hmacHex(key, body)).isEqualTo(HexFormat.of().formatHex(mac.doFinal(body))).hasSize(64);
        assertThat(Sm3.hmacHex("other".getBytes(StandardCharsets.UTF_8), body)).isNotEqualTo(Sm3.hmacHex(key, body));
    }
}
