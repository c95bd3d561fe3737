package org.govbus.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;

/** SM3 (GB/T 32905) digests: content hashes of records and hashes of stored tokens. */
public final class Sm3 {

    private Sm3() {
    }

    /** The 32-byte SM3 digest of the bytes. */
    public static byte[] digest(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    /** The SM3 digest as 64 lower-case hex characters. */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest(data));
    }

    /** HMAC-SM3 of the data under a key, in hex: how GovBus signs what it delivers to a webhook. */
    public static String hmacHex(byte[] key, byte[] data) {
        org.bouncycastle.crypto.macs.HMac mac = new org.bouncycastle.crypto.macs.HMac(new SM3Digest());
        mac.init(new org.bouncycastle.crypto.params.KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    /** The SM3 digest of the UTF-8 bytes of a string, in hex. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
