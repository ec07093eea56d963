package org.sshwire.transport.crypto.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.internal.plain.PlainPoly1305;

/**
 * The Vector API Poly1305 against RFC 8439's examples (§2.5.2 and all of appendix A.3, #4-#11
 * being edge cases of the reduction), each run through the vector lanes where the text is long
 * enough, and against the plain code and Bouncy Castle on long messages built to provoke the
 * carries: r at its clamped maximum, all-0xFF data, lengths around the vector step. Needs
 * {@code --add-modules jdk.incubator.vector} (transport's surefire argLine).
 */
class VectorPoly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final int STEP = VectorPoly1305.stepBytes();

    private static final String IETF = "Any submission to the IETF intended by the Contributor for publication as all or part of"
            + " an IETF Internet-Draft or RFC and any statement made within the context of an IETF activity is considered an"
            + " \"IETF Contribution\". Such statements include oral statements in IETF sessions, as well as written and"
            + " electronic communications made at any time or place, which are addressed to";

    /** RFC 8439 appendix A.3, test vectors #1-#11: key, message, tag. */
    private static final String[][] APPENDIX_A3 = {
        {"00".repeat(32), "00".repeat(64), "00".repeat(16)},
        {"00".repeat(16) + "36e5f6b5c5e06070f0efca96227a863e", hex(IETF), "36e5f6b5c5e06070f0efca96227a863e"},
        {"36e5f6b5c5e06070f0efca96227a863e" + "00".repeat(16), hex(IETF), "f3477e7cd95417af89a6b8794c310cf0"},
        {"1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
            "2754776173206272696c6c69672c20616e642074686520736c6974687920746f7665730a446964206779726520616e642067696d62"
            + "6c6520696e2074686520776162653a0a416c6c206d696d737920776572652074686520626f726f676f7665732c0a416e642074686520"
            + "6d6f6d65207261746873206f757467726162652e",
            "4541669a7eaaee61e708dc7cbcc5eb62"},
        {"02" + "00".repeat(31), "ff".repeat(16), "03" + "00".repeat(15)},
        {"02" + "00".repeat(15) + "ff".repeat(16), "02" + "00".repeat(15), "03" + "00".repeat(15)},
        {"01" + "00".repeat(31), "ff".repeat(16) + "f0" + "ff".repeat(15) + "11" + "00".repeat(15), "05" + "00".repeat(15)},
        {"01" + "00".repeat(31), "ff".repeat(16) + "fb" + "fe".repeat(15) + "01".repeat(16), "00".repeat(16)},
        {"02" + "00".repeat(31), "fd" + "ff".repeat(15), "fa" + "ff".repeat(15)},
        {"0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b900000000000000003394d7505e4379cd01000000000000000000000000000000000000000000000001000000000000"
            + "000000000000000000",
            "14000000000000005500000000000000"},
        {"0100000000000000040000000000000000000000000000000000000000000000",
            "e33594d7505e43b900000000000000003394d7505e4379cd010000000000000000000000000000000000000000000000",
            "13000000000000000000000000000000"},
    };

    private static String hex(String ascii) {
        return HEX.formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] tag(Poly1305 p, byte[] key, byte[] msg, int... cuts) {
        p.init(key);
        int at = 0;
        for (int cut : cuts) {
            p.update(msg, at, cut - at);
            at = cut;
        }
        p.update(msg, at, msg.length - at);
        byte[] t = new byte[16];
        p.doFinal(t, 0);
        return t;
    }

    /** The tag of plain, Bouncy Castle and the vector code (default and lowest threshold) must agree. */
    private static void assertAllAgree(byte[] key, byte[] msg, String what) {
        byte[] want = tag(new PlainPoly1305(), key, msg);
        assertArrayEquals(want, tag(CryptoBackend.bcOnly().poly1305(), key, msg), what + ": plain vs Bouncy Castle");
        assertArrayEquals(want, tag(new VectorPoly1305(), key, msg), what);
        assertArrayEquals(want, tag(new VectorPoly1305(STEP), key, msg), what + ", threshold one step");
        int odd = Math.min(msg.length, 7);
        assertArrayEquals(want, tag(new VectorPoly1305(STEP), key, msg, odd), what + ", after a 7-byte update");
    }

    /**
     * The lanes are this machine's preferred vector width (two long lanes with SSE or NEON, four
     * with AVX2, eight with AVX-512), so every test here exercises the vector code at that width;
     * only where it is 512 bits wide does the default backend choose it, and then its start-up
     * self-check must have passed.
     */
    @Test
    void stepIsOneBlockPerLaneAndTheBackendTakesItOnlyOn512BitVectors() {
        assertTrue(STEP >= 32 && STEP % 16 == 0, "step " + STEP);
        assumeTrue(VectorPoly1305.worthwhile(), "preferred vectors are " + 4 * STEP
                + " bits; the SIMD Poly1305 is only chosen with 512-bit vectors (AVX-512)");
        assertTrue(VectorSupport.poly1305Available(), "self-check failed on a machine with 512-bit vectors");
    }

    @Test
    void exampleOfRfc8439Section252() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
        assertEquals("a8061dc1305136c6c22b8baf0c0127a9", HEX.formatHex(tag(new VectorPoly1305(), key, msg)));
        for (int cut = 0; cut <= msg.length; cut++) {
            assertEquals("a8061dc1305136c6c22b8baf0c0127a9", HEX.formatHex(tag(new VectorPoly1305(STEP), key, msg, cut)), "cut " + cut);
        }
    }

    @Test
    void allTestVectorsOfRfc8439AppendixA3() {
        for (int i = 0; i < APPENDIX_A3.length; i++) {
            String[] v = APPENDIX_A3[i];
            byte[] key = HEX.parseHex(v[0]);
            byte[] msg = HEX.parseHex(v[1]);
            String name = "A.3 #" + (i + 1);
            assertEquals(v[2], HEX.formatHex(tag(new VectorPoly1305(), key, msg)), name);
            // With the lowest threshold #2 and #3 (375 bytes, two steps of 8 lanes) go through the lanes,
            // at two alignments.
            assertEquals(v[2], HEX.formatHex(tag(new VectorPoly1305(STEP), key, msg)), name + ", threshold one step");
            assertEquals(v[2], HEX.formatHex(tag(new VectorPoly1305(STEP), key, msg, Math.min(5, msg.length))), name + ", after 5 bytes");
        }
    }

    @Test
    void appendixA3KeysAndPatternsOnLongMessages() {
        // The short edge cases of A.3 cannot reach the lanes; their keys with their messages
        // repeated over many steps (and a partial block) do, and must agree with the scalar code.
        for (int i = 0; i < APPENDIX_A3.length; i++) {
            byte[] key = HEX.parseHex(APPENDIX_A3[i][0]);
            byte[] pattern = HEX.parseHex(APPENDIX_A3[i][1]);
            for (int len : new int[] {4 * STEP, 9 * STEP + 16, 33 * STEP + 15, 32_768}) {
                byte[] msg = new byte[len];
                for (int j = 0; j < len; j++) {
                    msg[j] = pattern[j % pattern.length];
                }
                assertAllAgree(key, msg, "A.3 #" + (i + 1) + " key and pattern, length " + len);
            }
        }
    }

    @Test
    void carryWorstCasesAgreeWithThePlainCodeAndBouncyCastle() {
        // r at its clamped maximum (0x0ffffffc0ffffffc0ffffffc0fffffff), s all ones, all-0xFF data:
        // every limb product and carry is as large as it gets; plus r = 0 and r = 1.
        byte[] maxKey = new byte[32];
        Arrays.fill(maxKey, (byte) 0xff);
        byte[] zeroR = new byte[32];
        Arrays.fill(zeroR, 16, 32, (byte) 0xff);
        byte[] oneR = zeroR.clone();
        oneR[0] = 1;
        for (byte[] key : new byte[][] {maxKey, zeroR, oneR}) {
            for (int len : new int[] {STEP - 1, STEP, 4 * STEP - 1, 4 * STEP, 4 * STEP + 1, 5 * STEP + 15, 32_768, 32_768 + 3, 70_000}) {
                byte[] ones = new byte[len];
                Arrays.fill(ones, (byte) 0xff);
                assertAllAgree(key, ones, "all 0xFF, length " + len + ", key " + HEX.formatHex(key, 0, 16));
                byte[] high = new byte[len];
                for (int j = 15; j < len; j += 16) {
                    high[j] = (byte) 0xff; // top byte of each block only: h4 limbs near their maximum
                }
                assertAllAgree(key, high, "0xFF top bytes, length " + len);
            }
        }
    }

    @Test
    void splitsAroundEveryPositionOfAStep() {
        Random rnd = new Random(1305);
        byte[] key = new byte[32];
        rnd.nextBytes(key);
        byte[] msg = new byte[6 * STEP + 9];
        rnd.nextBytes(msg);
        byte[] want = tag(new PlainPoly1305(), key, msg);
        for (int cut = 0; cut <= 2 * STEP + 17; cut++) {
            assertArrayEquals(want, tag(new VectorPoly1305(STEP), key, msg, cut), "cut " + cut);
            assertArrayEquals(want, tag(new VectorPoly1305(), key, msg, cut, Math.min(msg.length, cut + 4 * STEP + 1)), "cuts " + cut);
        }
    }

    @Test
    void matchesBouncyCastleOnRandomMessagesAtOffsets() {
        Random rnd = new Random(8439);
        for (int round = 0; round < 300; round++) {
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            int len = rnd.nextInt(12 * STEP);
            int off = rnd.nextInt(9);
            byte[] buf = new byte[off + len];
            rnd.nextBytes(buf);
            Poly1305 bc = CryptoBackend.bcOnly().poly1305();
            bc.init(key);
            bc.update(buf, off, len);
            byte[] want = new byte[16];
            bc.doFinal(want, 0);
            Poly1305 v = new VectorPoly1305();
            v.init(key);
            v.update(buf, off, len);
            byte[] got = new byte[16];
            v.doFinal(got, 0);
            assertArrayEquals(want, got, "round " + round + ", length " + len);
        }
    }

    @Test
    void reusableAfterDoFinalAndRefusesUpdatesWithoutAKey() {
        Poly1305 v = new VectorPoly1305();
        byte[] big = new byte[8 * STEP];
        assertThrows(IllegalStateException.class, () -> v.update(big, 0, big.length));
        assertThrows(IllegalStateException.class, () -> v.update(big, 0, 3));
        byte[] key1 = new byte[32];
        Arrays.fill(key1, (byte) 3);
        byte[] key2 = new byte[32];
        Arrays.fill(key2, (byte) 9);
        // A second key must not reuse the first key's powers of r.
        assertArrayEquals(tag(new PlainPoly1305(), key1, big), tag(v, key1, big));
        assertArrayEquals(tag(new PlainPoly1305(), key2, big), tag(v, key2, big));
        assertThrows(IllegalStateException.class, () -> v.update(big, 0, big.length));
    }
}
