package org.sshwire.transport.crypto.internal.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Poly1305;

/**
 * The plain-Java ChaCha20 and Poly1305 against RFC 8439's examples and against Bouncy Castle on
 * random keys, lengths and split points (leftover keystream and partial Poly1305 blocks carried
 * across calls). Wycheproof and the chacha20-poly1305@openssh.com KAT cover them again through
 * the default backend.
 */
class PlainPrimitivesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void chacha20EncryptionExampleOfRfc8439Section242() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] nonce = HEX.parseHex("000000000000004a00000000");
        byte[] plain = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ChaCha20 c = new PlainChaCha20(key);
        c.start(nonce, 1);
        byte[] out = new byte[plain.length];
        c.apply(plain, 0, plain.length, out, 0);
        assertEquals("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b3571639d6"
                + "24e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab77937365af90bbf74a3"
                + "5be6b40b8eedf2785e42874d", HEX.formatHex(out));
    }

    @Test
    void poly1305ExampleOfRfc8439Section252() {
        byte[] key = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Poly1305 p = new PlainPoly1305();
        p.init(key);
        p.update(msg, 0, msg.length);
        byte[] tag = new byte[16];
        p.doFinal(tag, 0);
        assertEquals("a8061dc1305136c6c22b8baf0c0127a9", HEX.formatHex(tag));
    }

    @Test
    void poly1305EdgeCasesOfRfc8439AppendixA3() {
        // #6, #7, #8: accumulators at and just past 2^130 - 5, where the final reduction matters.
        String r1 = "01000000000000000000000000000000" + "00000000000000000000000000000000";
        String[][] cases = {
            {"02000000000000000000000000000000" + "00000000000000000000000000000000",
                "ffffffffffffffffffffffffffffffff", "03000000000000000000000000000000"},
            {r1, "ffffffffffffffffffffffffffffffff" + "f0ffffffffffffffffffffffffffffff" + "11000000000000000000000000000000",
                "05000000000000000000000000000000"},
            {r1, "ffffffffffffffffffffffffffffffff" + "fbfefefefefefefefefefefefefefefe" + "01010101010101010101010101010101",
                "00000000000000000000000000000000"},
        };
        for (String[] c : cases) {
            byte[] msg = HEX.parseHex(c[1]);
            Poly1305 p = new PlainPoly1305();
            p.init(HEX.parseHex(c[0]));
            p.update(msg, 0, msg.length);
            byte[] tag = new byte[16];
            p.doFinal(tag, 0);
            assertEquals(c[2], HEX.formatHex(tag), c[1]);
        }
    }

    @Test
    void matchesBouncyCastleOnRandomInputsAndSplits() {
        CryptoBackend bc = CryptoBackend.bcOnly();
        Random rnd = new Random(8439);
        for (int round = 0; round < 500; round++) {
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            byte[] nonce = new byte[12];
            rnd.nextBytes(nonce);
            int counter = rnd.nextInt(4);
            byte[] data = new byte[rnd.nextInt(round < 250 ? 300 : 40_000)];
            rnd.nextBytes(data);
            int split = data.length == 0 ? 0 : rnd.nextInt(data.length + 1);
            int split2 = split + (data.length == split ? 0 : rnd.nextInt(data.length - split + 1));

            ChaCha20 expected = bc.chacha20(key);
            expected.start(nonce, counter);
            byte[] want = new byte[data.length];
            expected.apply(data, 0, data.length, want, 0);
            ChaCha20 c = new PlainChaCha20(key);
            c.start(nonce, counter);
            byte[] got = data.clone(); // in place, in three pieces
            c.apply(got, 0, split, got, 0);
            c.apply(got, split, split2 - split, got, split);
            c.apply(got, split2, data.length - split2, got, split2);
            assertArrayEquals(want, got, "chacha20 round " + round);

            Poly1305 pb = bc.poly1305();
            pb.init(key);
            pb.update(data, 0, data.length);
            byte[] tagWant = new byte[16];
            pb.doFinal(tagWant, 0);
            Poly1305 pp = new PlainPoly1305();
            pp.init(key);
            pp.update(data, 0, split);
            pp.update(data, split, split2 - split);
            pp.update(data, split2, data.length - split2);
            byte[] tagGot = new byte[16];
            pp.doFinal(tagGot, 0);
            assertArrayEquals(tagWant, tagGot, "poly1305 round " + round);
        }
    }

    @Test
    void poly1305MatchesBouncyCastleOnAllOnesInputs() {
        // Saturated limbs exercise every carry path.
        CryptoBackend bc = CryptoBackend.bcOnly();
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0xff);
        byte[] data = new byte[4096];
        java.util.Arrays.fill(data, (byte) 0xff);
        for (int len : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 4095, 4096}) {
            Poly1305 pb = bc.poly1305();
            pb.init(key);
            pb.update(data, 0, len);
            byte[] want = new byte[16];
            pb.doFinal(want, 0);
            Poly1305 pp = new PlainPoly1305();
            pp.init(key);
            pp.update(data, 0, len);
            byte[] got = new byte[16];
            pp.doFinal(got, 0);
            assertArrayEquals(want, got, "length " + len);
        }
    }
}
