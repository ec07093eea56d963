package org.sshwire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;

/** DESIGN §6: legacy algorithms are implemented but never offered unless named; compression is off. */
class LegacyOffByDefaultTest {
    static boolean legacy(String name) {
        KexAlgorithm k = KexAlgorithm.byName(name);
        CipherAlgorithm c = CipherAlgorithm.byName(name);
        MacAlgorithm m = MacAlgorithm.byName(name);
        SignatureAlgorithm s = SignatureAlgorithm.byName(name);
        return k != null && k.legacy() || c != null && c.legacy() || m != null && m.legacy() || s != null && s.legacy();
    }

    @Test
    void defaultKexInitsOfferNoLegacyNameAndNoCompression() {
        for (TransportConfig cfg : List.of(TransportConfig.client().build(), TestHostKeys.server().build())) {
            KexInit k = KexRun.ourKexInit(cfg, true, org.sshwire.transport.research.TransportPolicy.DEFAULT);
            for (List<String> names : List.of(k.kexAlgorithms(), k.serverHostKeyAlgorithms(), k.encryptionClientToServer(),
                    k.encryptionServerToClient(), k.macClientToServer(), k.macServerToClient())) {
                names.forEach(n -> assertFalse(legacy(n), n + " offered by default"));
            }
            assertEquals(List.of("none"), k.compressionClientToServer());
            assertEquals(List.of("none"), k.compressionServerToClient());
        }
    }

    @Test
    void everyLegacyNameIsImplementedAndMarked() {
        for (String n : List.of("aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc", "hmac-sha1", "hmac-sha1-etm@openssh.com",
                "hmac-md5", "hmac-md5-etm@openssh.com", "umac-64@openssh.com", "umac-128@openssh.com",
                "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "diffie-hellman-group1-sha1",
                "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1", "ssh-rsa")) {
            assertTrue(legacy(n), n);
        }
        // Named, they are accepted; unknown names are refused.
        TransportConfig.client().ciphers(List.of("aes128-cbc")).macs(List.of("umac-64@openssh.com"))
                .kexAlgorithms(List.of("diffie-hellman-group1-sha1")).compression(List.of("zlib@openssh.com", "zlib")).build();
        assertThrows(IllegalArgumentException.class, () -> TransportConfig.client().compression(List.of("gzip")).build());
    }
}
