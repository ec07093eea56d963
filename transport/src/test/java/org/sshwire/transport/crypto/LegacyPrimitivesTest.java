package org.sshwire.transport.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.transport.wire.Bytes;

/**
 * Known answers for the primitives behind the legacy algorithms, on both backends: AES-CBC from
 * NIST SP 800-38A Appendix F.2.1/F.2.2 (CBC-AES128), HMAC-MD5 from RFC 2202 §2 (test cases 1, 2
 * and 3), typed in from those documents; 3DES-CBC and the AES block as the two backends agreeing
 * with each other and with AES-CBC's first block.
 */
class LegacyPrimitivesTest {
    static List<CryptoBackend> backends() {
        return List.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    static final byte[] KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");
    static final byte[] IV = hex("000102030405060708090a0b0c0d0e0f");
    static final byte[] PLAIN = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    static final byte[] CIPHER = hex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
            + "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");

    static byte[] hex(String s) {
        return Bytes.fromHex(s).toArray();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aesCbcSp80038a(CryptoBackend b) {
        byte[] buf = PLAIN.clone();
        StreamCipher enc = b.cbc("AES", true, KEY, IV);
        enc.apply(buf, 0, 16, buf, 0); // in two calls: the chaining carries over, as between SSH packets
        enc.apply(buf, 16, 48, buf, 16);
        assertEquals(Bytes.of(CIPHER), Bytes.of(buf));
        StreamCipher dec = b.cbc("AES", false, KEY, IV);
        dec.apply(buf, 0, 32, buf, 0);
        dec.apply(buf, 32, 32, buf, 32);
        assertEquals(Bytes.of(PLAIN), Bytes.of(buf));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aesBlockIsCbcWithAZeroIv(CryptoBackend b) {
        byte[] out = new byte[16];
        b.aes(KEY).encryptBlock(PLAIN, 0, out, 0);
        byte[] viaCbc = java.util.Arrays.copyOf(PLAIN, 16);
        b.cbc("AES", true, KEY, new byte[16]).apply(viaCbc, 0, 16, viaCbc, 0);
        assertEquals(Bytes.of(viaCbc), Bytes.of(out));
        assertEquals("3ad77bb40d7a3660a89ecaf32466ef97", Bytes.of(out).toHex()); // SP 800-38A F.1.1 ECB-AES128 block 1
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hmacMd5Rfc2202(CryptoBackend b) {
        assertEquals("9294727a3638bb1c13f48ef8158bfc9d", hmacMd5(b, hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                "Hi There".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("750c783e6ab0b503eaa86e310a5db738", hmacMd5(b, "Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
        byte[] dd = new byte[50];
        java.util.Arrays.fill(dd, (byte) 0xdd);
        assertEquals("56be34521d144c88dbb8c733f0e8b3f6", hmacMd5(b, hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), dd));
    }

    static String hmacMd5(CryptoBackend b, byte[] key, byte[] data) {
        Mac m = b.hmac("MD5", key);
        byte[] out = new byte[m.length()];
        m.update(data, 0, data.length);
        m.doFinal(out, 0);
        return Bytes.of(out).toHex();
    }

    @Property(tries = 100)
    void bothBackendsAgreeOnCbc(@ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int blocks, @ForAll boolean tdes) {
        Random r = new Random(seed);
        String name = tdes ? "DESede" : "AES";
        int block = tdes ? 8 : 16;
        byte[] key = new byte[tdes ? 24 : 32];
        byte[] iv = new byte[block];
        byte[] data = new byte[blocks * block];
        r.nextBytes(key);
        r.nextBytes(iv);
        r.nextBytes(data);
        byte[] a = data.clone();
        byte[] c = data.clone();
        CryptoBackend.defaultBackend().cbc(name, true, key, iv).apply(a, 0, a.length, a, 0);
        CryptoBackend.bcOnly().cbc(name, true, key, iv).apply(c, 0, c.length, c, 0);
        assertEquals(Bytes.of(a), Bytes.of(c));
        CryptoBackend.bcOnly().cbc(name, false, key, iv).apply(a, 0, a.length, a, 0);
        assertEquals(Bytes.of(data), Bytes.of(a));
    }
}
