package org.sshwire.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.TransportConfig;

/** The upstream hop's cipher order: OpenSSH's ciphers, AES-GCM first only where the JVM has AES intrinsics. */
class UpstreamCiphersTest {
    @Test
    void withAesIntrinsicsAesGcmLeadsAndTheSetIsOpenSshs() {
        List<String> order = UpstreamCiphers.order(true);
        assertEquals(List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com"), order.subList(0, 2));
        assertEquals(new HashSet<>(TransportConfig.DEFAULT_CIPHERS), new HashSet<>(order));
        assertEquals(TransportConfig.DEFAULT_CIPHERS.size(), order.size());
        // the others keep OpenSSH's relative order
        assertEquals(TransportConfig.DEFAULT_CIPHERS.stream().filter(c -> !c.contains("gcm")).toList(), order.subList(2, order.size()));
    }

    @Test
    void withoutAesIntrinsicsOpenSshsOrderStays() {
        assertEquals(TransportConfig.DEFAULT_CIPHERS, UpstreamCiphers.order(false));
    }
}
