package org.sshwire.testvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sshwire.testvectors.NistSshKdf.Section;
import org.sshwire.testvectors.NistSshKdf.SshKdfCase;

/** The NIST SSH KDF loader: counts, lengths per section header, and field placement. */
class NistSshKdfTest {

    @Test
    void loadsOneHundredCasesWithAllSixOutputs() {
        List<SshKdfCase> all = NistSshKdf.load();
        assertEquals(100, all.size());
        for (SshKdfCase c : all) {
            for (byte[] out : List.of(c.ivClientToServer(), c.ivServerToClient(), c.encKeyClientToServer(),
                    c.encKeyServerToClient(), c.intKeyClientToServer(), c.intKeyServerToClient())) {
                assertTrue(out.length > 0, c.hash() + " COUNT " + c.count());
            }
        }
        assertEquals(List.of("SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512"),
                all.stream().map(SshKdfCase::hash).distinct().collect(Collectors.toList()));
    }

    @Test
    void outputLengthsMatchTheSectionHeaders() throws NoSuchAlgorithmException {
        List<Section> sections = NistSshKdf.sections(
                Values.readUtf8(VectorFiles.require("nist-sshkdf/sshkdf_tests.txt")));
        assertEquals(10, sections.size());
        for (Section s : sections) {
            assertEquals(10, s.cases().size(), s.toString());
            int digest = MessageDigest.getInstance(s.hash()).getDigestLength();
            for (SshKdfCase c : s.cases()) {
                String what = s.hash() + " COUNT " + c.count();
                assertEquals(s.hash(), c.hash(), what);
                assertEquals(s.ivBits() / 8, c.ivClientToServer().length, what);
                assertEquals(s.ivBits() / 8, c.ivServerToClient().length, what);
                assertEquals(s.encKeyBits() / 8, c.encKeyClientToServer().length, what);
                assertEquals(s.encKeyBits() / 8, c.encKeyServerToClient().length, what);
                // The header gives no integrity key length: CAVS used one digest output.
                assertEquals(digest, c.intKeyClientToServer().length, what);
                assertEquals(digest, c.intKeyServerToClient().length, what);
                assertEquals(digest, c.h().length, what);
                // K is an mpint of a secret of the header's size: 4-byte length, then at most
                // secretBits/8 bytes plus a sign byte.
                int len = ByteBuffer.wrap(c.k()).getInt();
                assertEquals(c.k().length - 4, len, what);
                assertTrue(len <= s.secretBits() / 8 + 1 && len >= s.secretBits() / 8 - 4, what);
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                sections.get(0).cases().stream().map(SshKdfCase::count).collect(Collectors.toList()));
    }

    @Test
    void firstCaseMatchesTheFileByteForByte() {
        SshKdfCase c = NistSshKdf.load().get(0);
        assertEquals("SHA-1", c.hash());
        assertEquals(0, c.count());
        assertEquals(4 + 0x80, c.k().length);
        assertArrayEquals(Values.hex("a4ebd45934f56792b5112dcd75a1075fdc889245"), c.h());
        assertArrayEquals(Values.hex("e2f627c0b43f1ac1"), c.ivClientToServer());
        assertArrayEquals(Values.hex("58471445f342b181"), c.ivServerToClient());
        assertArrayEquals(Values.hex("1ca9d310f86d51f6cb8e7007cb2b220d55c5281ce680b533"), c.encKeyClientToServer());
        assertArrayEquals(Values.hex("2c60df8603d34cc1dbb03c11f725a44b44008851c73d6844"), c.encKeyServerToClient());
        assertArrayEquals(Values.hex("472eb8a26166ae6aa8e06868e45c3b26e6eeed06"), c.intKeyClientToServer());
        assertArrayEquals(Values.hex("e3e2fdb9d7bc21165a3dbe47e1eceb7764390bab"), c.intKeyServerToClient());
    }

    /** Recomputing RFC 4253 §7.2 catches any input or output stored under the wrong name. */
    @Test
    void everyOutputIsTheRfc4253DerivationOfItsLetter() throws Exception {
        for (SshKdfCase c : NistSshKdf.load()) {
            byte[][] outputs = {c.ivClientToServer(), c.ivServerToClient(), c.encKeyClientToServer(),
                c.encKeyServerToClient(), c.intKeyClientToServer(), c.intKeyServerToClient()};
            for (int i = 0; i < outputs.length; i++) {
                assertArrayEquals(outputs[i], derive(c, (byte) ('A' + i), outputs[i].length),
                        c.hash() + " COUNT " + c.count() + " letter " + (char) ('A' + i));
            }
        }
    }

    private static byte[] derive(SshKdfCase c, byte letter, int length) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance(c.hash());
        md.update(c.k());
        md.update(c.h());
        md.update(letter);
        md.update(c.sessionId());
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.writeBytes(md.digest());
        while (key.size() < length) {
            md.update(c.k());
            md.update(c.h());
            md.update(key.toByteArray());
            key.writeBytes(md.digest());
        }
        return Arrays.copyOf(key.toByteArray(), length);
    }

    @Test
    void caseMissingAnOutputIsRejected() {
        String text = "[SHA-1]\n[shared secret length = 1024]\n[IV length = 64]\n[encryption key length = 192]\n\n"
                + "COUNT = 0\nK = 00\nH = 01\nsession_id = 02\n\tX = 'A'\n"
                + "Initial IV (client to server) = 03\nInitial IV (server to client) = 04\n"
                + "Encryption key (client to server) = 05\nEncryption key (server to client) = 06\n"
                + "Integrity key (client to server) = 07\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NistSshKdf.sections(text));
        assertTrue(e.getMessage().contains("Integrity key (server to client)"), e.getMessage());

        List<Section> ok = NistSshKdf.sections(text + "Integrity key (server to client) = 08\n");
        assertEquals(1, ok.size());
        assertArrayEquals(new byte[] {8}, ok.get(0).cases().get(0).intKeyServerToClient());
        assertEquals(192, ok.get(0).encKeyBits());
    }

    @Test
    void unknownLinesAndIncompleteHeadersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NistSshKdf.sections("[SHA-1]\nCOUNT = 0\nK = 00\nFoo = 01\n"));
        assertThrows(IllegalArgumentException.class, () -> NistSshKdf.sections("[SHA-3]\n"));
        assertThrows(IllegalArgumentException.class, () -> NistSshKdf.sections("[SHA-1]\n[IV length = 64]\n"));
        assertThrows(IllegalArgumentException.class, () -> NistSshKdf.sections("K = 00\n"));
    }
}
