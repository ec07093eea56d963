package org.sshwire.transport.internal.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.kex.KexNegotiationException;
import org.sshwire.transport.kex.Negotiated;

/** Table tests for RFC 4253 §7.1 negotiation. */
class KexNegotiatorTest {
    private static final Predicate<String> AEAD = n -> {
        CipherAlgorithm c = CipherAlgorithm.byName(n);
        return c != null && c.isAead();
    };

    private static List<String> l(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(" "));
    }

    private static KexInit init(String kex, String hostKeys, String ciphers, String macs) {
        return KexInit.of(Bytes.wrap(new byte[16]), l(kex), l(hostKeys), l(ciphers), l(macs));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // client list | server list | chosen: the client's first that the server has
        "a b c | c b a | a",
        "a b c | c b | b",
        "x y c | c | c",
        "a | a | a",
    })
    void firstClientChoiceTheServerAlsoHasWins(String client, String server, String chosen) {
        assertEquals(chosen, KexNegotiator.choose("cipher", l(client.trim()), l(server.trim())));
    }

    @Test
    void noCommonAlgorithmNamesCategoryAndBothLists() {
        KexInit c = init("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256");
        KexInit s = init("curve25519-sha256", "ssh-ed25519", "aes256-gcm@openssh.com", "hmac-sha2-256");
        // The server's AEAD name is not on the client's list: the cipher category fails.
        KexNegotiationException e = assertThrows(KexNegotiationException.class, () -> KexNegotiator.negotiate(c, s, AEAD));
        assertEquals("cipher", e.category());
        assertEquals("no matching cipher found: client aes128-ctr server aes256-gcm@openssh.com", e.getMessage());
        assertEquals(org.sshwire.transport.wire.DisconnectReason.KEY_EXCHANGE_FAILED, e.reason());
    }

    @Test
    void markersAreNotKexMethodsButSignalStrictKexAndExtInfo() {
        KexInit c = init("ext-info-c kex-strict-c-v00@openssh.com curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256");
        KexInit s = init("kex-strict-s-v00@openssh.com ext-info-s curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256");
        Negotiated n = KexNegotiator.negotiate(c, s, AEAD);
        assertEquals("curve25519-sha256", n.kex());
        assertTrue(n.strictKex());
        assertTrue(n.clientExtInfo());
        assertTrue(n.serverExtInfo());
        assertFalse(n.firstChoicesDiffer(), "markers do not count as first choices");

        KexInit onlyClientStrict = init("kex-strict-c-v00@openssh.com curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256");
        KexInit plainServer = init("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256");
        assertFalse(KexNegotiator.negotiate(onlyClientStrict, plainServer, AEAD).strictKex());
        // A marker alone is no method in common.
        assertThrows(KexNegotiationException.class, () -> KexNegotiator.negotiate(
                init("kex-strict-c-v00@openssh.com", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256"),
                init("kex-strict-c-v00@openssh.com", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256"), AEAD));
    }

    @Test
    void aeadCipherSkipsMacNegotiationPerDirection() {
        KexInit c = new KexInit(Bytes.wrap(new byte[16]), l("curve25519-sha256"), l("ssh-ed25519"),
                l("aes128-gcm@openssh.com"), l("aes128-ctr"), l("hmac-sha2-512"), l("hmac-sha2-256"),
                l("none"), l("none"), l(""), l(""), false, 0);
        KexInit s = new KexInit(Bytes.wrap(new byte[16]), l("curve25519-sha256"), l("ssh-ed25519"),
                l("aes128-gcm@openssh.com"), l("aes128-ctr"), l("hmac-sha2-256"), l("hmac-sha2-256"),
                l("none"), l("none"), l(""), l(""), false, 0);
        Negotiated n = KexNegotiator.negotiate(c, s, AEAD);
        assertEquals("none", n.macClientToServer(), "no common MAC needed under AEAD");
        assertEquals("hmac-sha2-256", n.macServerToClient());
        assertEquals("aes128-ctr", n.cipherServerToClient());
    }

    @Test
    void guessIsWrongWhenFirstKexOrHostKeyDiffers() {
        KexInit c = init("curve25519-sha256 ecdh-sha2-nistp256", "ssh-ed25519 rsa-sha2-256", "aes128-ctr", "hmac-sha2-256");
        assertFalse(KexNegotiator.negotiate(c, init("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256"), AEAD).firstChoicesDiffer());
        assertTrue(KexNegotiator.negotiate(c, init("ecdh-sha2-nistp256 curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256"), AEAD).firstChoicesDiffer());
        assertTrue(KexNegotiator.negotiate(c, init("curve25519-sha256", "rsa-sha2-256 ssh-ed25519", "aes128-ctr", "hmac-sha2-256"), AEAD).firstChoicesDiffer());
    }
}
