package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForwardSpecTest {
    @Test
    void threePartsBindLoopback() {
        ForwardSpec f = ForwardSpec.parse("8080:example.org:80");
        assertEquals(new ForwardSpec("localhost", 8080, "example.org", 80, null, null), f);
    }

    @Test
    void fourPartsKeepTheBindAddressAndAnEmptyOneMeansAll() {
        assertEquals(new ForwardSpec("0.0.0.0", 1, "h", 2, null, null), ForwardSpec.parse("0.0.0.0:1:h:2"));
        ForwardSpec all = ForwardSpec.parse(":1:h:2");
        assertEquals("*", all.bindAddress());
    }

    @Test
    void bracketedIpv6AddressesKeepTheirColons() {
        assertEquals(new ForwardSpec("::1", 8080, "fe80::1", 22, null, null), ForwardSpec.parse("[::1]:8080:[fe80::1]:22"));
        assertEquals("::1", ForwardSpec.parse("[::1]:0:h:1").bindAddress());
    }

    @Test
    void twoPathsAreAUnixSocketPairAndMixedFormsAreRefused() {
        ForwardSpec f = ForwardSpec.parse("/tmp/here.sock:/run/there.sock");
        assertTrue(f.isUnixSocket());
        assertEquals("/tmp/here.sock", f.bindSocket());
        assertEquals("/run/there.sock", f.targetSocket());
        assertEquals("forwarding between a TCP port and a Unix socket ('8080:/run/x.sock') is not supported",
                assertThrows(UserErrors.ExitException.class, () -> ForwardSpec.parse("8080:/run/x.sock")).getMessage());
    }

    @Test
    void malformedSpecificationsAreOneLineErrors() {
        assertEquals("bad forwarding specification '8080:80' (want [bind_address:]port:host:hostport or socket_path:socket_path)",
                assertThrows(UserErrors.ExitException.class, () -> ForwardSpec.parse("8080:80")).getMessage());
        assertEquals("bad port 'x' in forwarding specification 'x:h:80'",
                assertThrows(UserErrors.ExitException.class, () -> ForwardSpec.parse("x:h:80")).getMessage());
        assertEquals("bad port '70000' in forwarding specification '1:h:70000'",
                assertThrows(UserErrors.ExitException.class, () -> ForwardSpec.parse("1:h:70000")).getMessage());
        assertEquals("bad forwarding specification '[::1:1:h:2': unclosed '['",
                assertThrows(UserErrors.ExitException.class, () -> ForwardSpec.parse("[::1:1:h:2")).getMessage());
        assertEquals("bad forwarding specification '1::2': empty host",
                assertThrows(UserErrors.ExitException.class, () -> ForwardSpec.parse("1::2")).getMessage());
    }
}
