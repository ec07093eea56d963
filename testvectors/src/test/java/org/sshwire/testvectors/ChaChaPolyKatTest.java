package org.sshwire.testvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.ChaChaPolyKat.Vector;

/** The chacha20-poly1305@openssh.com KAT loader: both output forms, unsigned seqnr, and the split. */
class ChaChaPolyKatTest {

    @Test
    void loadsBothVectorsWithSeparateFieldsAsInTheFile() {
        List<Vector> all = ChaChaPolyKat.load();
        assertEquals(2, all.size());
        Vector v = all.get(0);
        assertTrue(v.source().startsWith("draft-ietf-sshm-chacha20-poly1305"), v.source());
        assertEquals(7, v.seqnr());
        assertEquals(64, v.key64().length);
        assertArrayEquals(Values.hex("00000048"), v.plainLengthField());
        assertArrayEquals(Values.hex("2c3ecce4"), v.encryptedLength());
        assertArrayEquals(Values.hex("95349e855bf02c298ef775f2d1a7e8b8"), v.tag());
        assertEquals(0x48, v.ciphertext().length);
    }

    @Test
    void combinedOutputIsSplitIntoLengthCiphertextAndTag() {
        Vector v = ChaChaPolyKat.load().get(1);
        assertTrue(v.source().startsWith("libssh"), v.source());
        assertEquals(1234567890L * 98765431L, v.seqnr());
        assertArrayEquals(Values.hex("ac2e4c54"), v.encryptedLength());
        assertEquals(0x90, v.plaintextAfterLength().length);
        assertEquals(0x90, v.ciphertext().length);
        assertArrayEquals(Values.hex("f69775b4"), Arrays.copyOf(v.ciphertext(), 4));
        assertArrayEquals(Values.hex("e52572e96396a1442591e1dc01c75ca9"), v.tag());
    }

    @Test
    void plainLengthFieldCountsTheRestOfThePacket() {
        for (Vector v : ChaChaPolyKat.load()) {
            assertEquals(v.plaintextAfterLength().length, ByteBuffer.wrap(v.plainLengthField()).getInt(), v.source());
        }
    }

    /**
     * Recomputes the construction with the JDK's ChaCha20 and a plain Poly1305, so a wrong split or
     * key half in the loader cannot pass. The 64-bit SSH nonce is the IETF 96-bit nonce with four
     * leading zero bytes, as long as the block counter stays below 2^32.
     */
    @Test
    void everyVectorIsTheOpensshConstructionOfItsInputs() throws Exception {
        for (Vector v : ChaChaPolyKat.load()) {
            byte[] k2 = Arrays.copyOfRange(v.key64(), 0, 32);
            byte[] k1 = Arrays.copyOfRange(v.key64(), 32, 64);
            byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(v.seqnr()).array();
            assertArrayEquals(v.encryptedLength(), chacha(k1, nonce, 0, v.plainLengthField()), v.source());
            assertArrayEquals(v.ciphertext(), chacha(k2, nonce, 1, v.plaintextAfterLength()), v.source());
            byte[] polyKey = chacha(k2, nonce, 0, new byte[32]);
            byte[] macInput = ByteBuffer.allocate(4 + v.ciphertext().length)
                    .put(v.encryptedLength()).put(v.ciphertext()).array();
            assertArrayEquals(v.tag(), poly1305(polyKey, macInput), v.source());
        }
    }

    private static byte[] chacha(byte[] key, byte[] nonce, int counter, byte[] in) throws Exception {
        Cipher c = Cipher.getInstance("ChaCha20");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
        return c.doFinal(in);
    }

    /** RFC 8439 §2.5, on BigIntegers: slow and plain, which suits a test oracle. */
    private static byte[] poly1305(byte[] key, byte[] msg) {
        BigInteger p = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
        BigInteger r = le(Arrays.copyOf(key, 16)).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
        BigInteger s = le(Arrays.copyOfRange(key, 16, 32));
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < msg.length; i += 16) {
            byte[] block = Arrays.copyOfRange(msg, i, Math.min(i + 16, msg.length) + 1);
            block[block.length - 1] = 1;
            acc = acc.add(le(block)).multiply(r).mod(p);
        }
        byte[] be = acc.add(s).mod(BigInteger.ONE.shiftLeft(128)).toByteArray();
        byte[] tag = new byte[16];
        for (int i = 0; i < 16 && i < be.length; i++) {
            tag[i] = be[be.length - 1 - i];
        }
        return tag;
    }

    private static BigInteger le(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private static String kat(String seqnr, String output) {
        return "{\"vectors\":[{\"source\":\"t\",\"key64\":\"" + "00".repeat(64) + "\",\"seqnr\":" + seqnr
                + ",\"plain_length_field\":\"00000002\",\"plaintext_after_length\":\"aabb\","
                + "\"output_enclen_ct_tag\":\"" + output + "\"}]}";
    }

    @Test
    void seqnrIsUnsigned64BitHeldInALong() {
        String out = "01020304" + "c1c2" + "f0".repeat(16);
        assertEquals(-1L, ChaChaPolyKat.parse(kat("18446744073709551615", out)).get(0).seqnr());
        assertEquals(Long.MIN_VALUE, ChaChaPolyKat.parse(kat("9223372036854775808", out)).get(0).seqnr());
        assertEquals(5L, ChaChaPolyKat.parse(kat("5", out)).get(0).seqnr());
        assertThrows(IllegalArgumentException.class, () -> ChaChaPolyKat.parse(kat("18446744073709551616", out)));
        assertThrows(IllegalArgumentException.class, () -> ChaChaPolyKat.parse(kat("-1", out)));
        assertThrows(IllegalArgumentException.class, () -> ChaChaPolyKat.parse(kat("1.5", out)));
    }

    @Test
    void combinedOutputOfTheWrongLengthIsRejected() {
        Vector v = ChaChaPolyKat.parse(kat("0", "01020304" + "c1c2" + "f0".repeat(16))).get(0);
        assertArrayEquals(Values.hex("01020304"), v.encryptedLength());
        assertArrayEquals(Values.hex("c1c2"), v.ciphertext());
        assertArrayEquals(Values.hex("f0".repeat(16)), v.tag());
        assertThrows(IllegalArgumentException.class, () -> ChaChaPolyKat.parse(kat("0", "01020304" + "c1c2" + "f0".repeat(15))));
        assertThrows(IllegalArgumentException.class, () -> ChaChaPolyKat.parse(kat("0", "01020304" + "c1c2c3" + "f0".repeat(16))));
    }
}
