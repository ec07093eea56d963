package org.sshwire.transport.internal.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.NistSshKdf;
import org.sshwire.testvectors.NistSshKdf.SshKdfCase;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Digest;

/** RFC 4253 §7.2 against NIST CAVS 14.1 SSH KDF: 100 cases × 6 outputs, with both backends. */
class KeyDerivationTest {

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void nistCavsSshKdfReproducesAllSixOutputsOfEveryCase(CryptoBackend crypto) {
        List<SshKdfCase> cases = NistSshKdf.load();
        assertEquals(100, cases.size());
        int checked = 0;
        for (SshKdfCase c : cases) {
            Digest d = crypto.digest(c.hash());
            String where = c.hash() + " COUNT=" + c.count();
            check(d, c, KeyDerivation.IV_CLIENT_TO_SERVER, c.ivClientToServer(), where);
            check(d, c, KeyDerivation.IV_SERVER_TO_CLIENT, c.ivServerToClient(), where);
            check(d, c, KeyDerivation.KEY_CLIENT_TO_SERVER, c.encKeyClientToServer(), where);
            check(d, c, KeyDerivation.KEY_SERVER_TO_CLIENT, c.encKeyServerToClient(), where);
            check(d, c, KeyDerivation.MAC_CLIENT_TO_SERVER, c.intKeyClientToServer(), where);
            check(d, c, KeyDerivation.MAC_SERVER_TO_CLIENT, c.intKeyServerToClient(), where);
            checked += 6;
        }
        assertEquals(600, checked);
    }

    private static void check(Digest d, SshKdfCase c, char letter, byte[] expected, String where) {
        byte[] got = KeyDerivation.derive(d, c.k(), c.h(), letter, c.sessionId(), expected.length);
        assertArrayEquals(expected, got, where + " letter " + letter);
    }

    @Test
    void longerOutputsExtendWithPreviousBlocksAndPrefixesAgree() {
        // Requesting more than one hash block must extend (K1 || K2 ...), and a shorter request is a prefix.
        Digest d = CryptoBackend.defaultBackend().digest("SHA-1");
        byte[] k = HexFormat.of().parseHex("0000000101");
        byte[] h = new byte[20];
        byte[] long64 = KeyDerivation.derive(d, k, h, 'C', h, 64);
        byte[] short20 = KeyDerivation.derive(d, k, h, 'C', h, 20);
        assertArrayEquals(short20, java.util.Arrays.copyOf(long64, 20));
        d.update(k);
        d.update(h);
        d.update(short20);
        assertArrayEquals(d.digest(), java.util.Arrays.copyOfRange(long64, 20, 40));
    }
}
