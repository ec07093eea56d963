package org.sshwire.transport.crypto.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.internal.plain.PlainChaCha20;

/**
 * The Vector API ChaCha20 against RFC 8439's examples, placed in every lane of a vector step
 * (each RFC text is shorter than one step, which alone would only reach the scalar tail), and
 * against Bouncy Castle and the plain code on long inputs. Needs {@code --add-modules
 * jdk.incubator.vector} (transport's surefire argLine); without it these tests fail, they do not skip.
 */
class VectorChaCha20Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final int STEP = VectorChaCha20.stepBytes();
    private static final int BLOCKS_PER_STEP = STEP / 64;

    /**
     * The module is transport's test configuration, not the machine's, so its absence fails. The
     * lanes are this machine's preferred vector width (four int lanes with SSE or NEON, eight with
     * AVX2, sixteen with AVX-512) and every test here runs the vector code at that width; the
     * default backend takes it only from 256 bits on, and then its self-check must have passed.
     */
    @Test
    void stepIsOneBlockPerLaneAndTheBackendTakesItFrom256BitVectors() {
        assertTrue(VectorSupport.MODULE_PRESENT, "transport's surefire argLine adds jdk.incubator.vector");
        assertTrue(STEP >= 256 && STEP % 64 == 0, "step " + STEP);
        assumeTrue(VectorChaCha20.worthwhile(), "preferred vectors are " + STEP / 2
                + " bits; the SIMD ChaCha20 is only chosen with vectors of 256 bits or more");
        assertTrue(VectorSupport.chacha20Available(), "self-check failed on a machine with wide vectors");
    }

    /**
     * Encrypts {@code plain} at block {@code counter} with the text placed at block {@code lane}
     * of a buffer of two vector steps (keystream started {@code lane} blocks earlier), so lane
     * {@code lane} of the first step must reproduce the RFC's ciphertext.
     */
    private static void assertInEveryLane(byte[] key, byte[] nonce, int counter, byte[] plain, String cipherHex) {
        for (int lane = 0; lane < BLOCKS_PER_STEP; lane++) {
            byte[] buf = new byte[2 * STEP];
            System.arraycopy(plain, 0, buf, 64 * lane, plain.length);
            ChaCha20 c = new VectorChaCha20(key);
            c.start(nonce, counter - lane);
            c.apply(buf, 0, buf.length, buf, 0);
            assertEquals(cipherHex, HEX.formatHex(Arrays.copyOfRange(buf, 64 * lane, 64 * lane + plain.length)), "lane " + lane);
        }
        // And once through the short (scalar) path of the same class.
        ChaCha20 c = new VectorChaCha20(key);
        c.start(nonce, counter);
        byte[] out = new byte[plain.length];
        c.apply(plain, 0, plain.length, out, 0);
        assertEquals(cipherHex, HEX.formatHex(out), "short input");
    }

    @Test
    void encryptionExampleOfRfc8439Section242() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] plain = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        assertInEveryLane(key, HEX.parseHex("000000000000004a00000000"), 1, plain,
                "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d6"
                + "24e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a3"
                + "5be6b40b8eedf2785e42874d");
    }

    @Test
    void encryptionTestVector1OfRfc8439AppendixA2() {
        assertInEveryLane(new byte[32], new byte[12], 0, new byte[64],
                "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
    }

    @Test
    void encryptionTestVector2OfRfc8439AppendixA2() {
        byte[] key = new byte[32];
        key[31] = 1;
        byte[] nonce = new byte[12];
        nonce[11] = 2;
        byte[] plain = ("Any submission to the IETF intended by the Contributor for publication as all or part of an IETF"
                + " Internet-Draft or RFC and any statement made within the context of an IETF activity is considered"
                + " an \"IETF Contribution\". Such statements include oral statements in IETF sessions, as well as"
                + " written and electronic communications made at any time or place, which are addressed to")
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(375, plain.length);
        assertInEveryLane(key, nonce, 1, plain,
                "a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec2a97948bd3722915c8f3d337f7d37005"
                + "0e9e96d647b7c39f56e031ca5eb6250d4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e5279"
                + "5042bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85ad00f8449ed8f72d0d662ab052691"
                + "ca66424bc86d2df80ea41f43abf937d3259dc4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49e"
                + "b2e62b0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6ccc3aaf9f3979c92b3720fc88"
                + "dc95ed84a1be059c6499b9fda236e7e818b04b0bc39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554"
                + "d7189c411f5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e698ced759c3ff9b647733"
                + "8f3da4f9cd8514ea9982ccafb341b2384dd902f3d1ab7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221");
    }

    @Test
    void encryptionTestVector3OfRfc8439AppendixA2() {
        byte[] nonce = new byte[12];
        nonce[11] = 2;
        byte[] plain = ("'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\nAll mimsy were the"
                + " borogoves,\nAnd the mome raths outgrabe.").getBytes(StandardCharsets.US_ASCII);
        assertInEveryLane(HEX.parseHex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0"), nonce, 42, plain,
                "62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf166d3df2d721caf9b21e5fb14c616871"
                + "fd84c54f9d65b283196c7fe4f60553ebf39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f"
                + "7704c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1");
    }

    @Test
    void matchesBouncyCastleOnLongInputsAtOffsets() {
        CryptoBackend bc = CryptoBackend.bcOnly();
        Random rnd = new Random(84392);
        for (int round = 0; round < 200; round++) {
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            byte[] nonce = new byte[12];
            rnd.nextBytes(nonce);
            int counter = rnd.nextInt(1 << 20);
            int len = rnd.nextInt(5 * STEP);
            byte[] data = new byte[len + 7];
            rnd.nextBytes(data);
            int inOff = rnd.nextInt(8);
            int outOff = rnd.nextInt(8);
            ChaCha20 expected = bc.chacha20(key);
            expected.start(nonce, counter);
            byte[] want = new byte[len];
            expected.apply(data, inOff, len, want, 0);
            ChaCha20 c = new VectorChaCha20(key);
            c.start(nonce, counter);
            byte[] got = new byte[len + outOff];
            c.apply(data, inOff, len, got, outOff);
            assertArrayEquals(want, Arrays.copyOfRange(got, outOff, outOff + len), "round " + round + ", length " + len);
        }
    }

    @Test
    void blockCounterWrapsAt32BitsLikeThePlainCode() {
        // RFC 8439 §2.4 leaves the overflow undefined; both our implementations wrap the same way,
        // including inside one vector step (lanes 0xffffffff and 0 in the same step).
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] nonce = new byte[12];
        for (int start = -BLOCKS_PER_STEP - 1; start <= 1; start++) {
            byte[] data = new byte[3 * STEP + 5];
            ChaCha20 plain = new PlainChaCha20(key);
            plain.start(nonce, start);
            byte[] want = new byte[data.length];
            plain.apply(data, 0, data.length, want, 0);
            ChaCha20 c = new VectorChaCha20(key);
            c.start(nonce, start);
            byte[] got = new byte[data.length];
            c.apply(data, 0, data.length, got, 0);
            assertArrayEquals(want, got, "counter " + start);
        }
    }

    @Test
    void restartsCleanlyAfterAPartialBlock() {
        // chacha20-poly1305@openssh.com: 4 length bytes with one key, then start() again per packet.
        byte[] key = new byte[32];
        new Random(5).nextBytes(key);
        byte[] nonce = new byte[12];
        ChaCha20 plain = new PlainChaCha20(key);
        ChaCha20 c = new VectorChaCha20(key);
        byte[] data = new byte[2 * STEP + 3];
        for (int packet = 0; packet < 3; packet++) {
            nonce[11] = (byte) packet;
            plain.start(nonce, 0);
            c.start(nonce, 0);
            byte[] want = new byte[data.length];
            byte[] got = new byte[data.length];
            plain.apply(data, 0, 4, want, 0);
            c.apply(data, 0, 4, got, 0);
            plain.start(nonce, 1);
            c.start(nonce, 1);
            plain.apply(data, 0, data.length, want, 0);
            c.apply(data, 0, data.length, got, 0);
            assertArrayEquals(want, got, "packet " + packet);
        }
    }
}
