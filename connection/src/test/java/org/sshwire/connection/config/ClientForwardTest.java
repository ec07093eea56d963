package org.sshwire.connection.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * readconf.c's {@code parse_forward} as {@code -L}, {@code -R}, {@code -D} and the forward
 * keywords read it (the cases ssh -G shows are also compared live in SshConfigComparisonTest).
 */
class ClientForwardTest {
    private static ClientForward local(String spec) {
        return ClientForward.parse(spec, false, false, Map.of("SOCKDIR", "/run/s")::get);
    }

    private static ClientForward dynamic(String spec) {
        return ClientForward.parse(spec, true, false, n -> null);
    }

    @Test
    void tcpForwardsWithAndWithoutABindAddress() {
        assertEquals(new ClientForward(null, 8080, null, "example.org", 80, null), local("8080:example.org:80"));
        assertEquals(new ClientForward("0.0.0.0", 1, null, "h", 2, null), local("0.0.0.0:1:h:2"));
        assertEquals(new ClientForward("", 1, null, "h", 2, null), local(":1:h:2"));
        assertEquals(new ClientForward("::1", 8080, null, "fe80::1", 22, null), local("[::1]:8080:[fe80::1]:22"));
    }

    @Test
    void pathsAreUnixSocketsAndVariablesAreExpandedFirst() {
        assertEquals(new ClientForward(null, ClientForward.STREAMLOCAL, "/tmp/here.sock", null, ClientForward.STREAMLOCAL,
                "/run/there.sock"), local("/tmp/here.sock:/run/there.sock"));
        assertEquals(new ClientForward(null, 8080, null, null, ClientForward.STREAMLOCAL, "/run/s/x.sock"),
                local("8080:${SOCKDIR}/x.sock"));
        assertNull(local("8080:${UNSET}/x.sock"), "an unset variable");
    }

    @Test
    void dynamicForwardsListenOnly() {
        assertEquals(new ClientForward(null, 1080, null, "socks", 0, null), dynamic("1080"));
        assertEquals(new ClientForward("127.0.0.1", 1080, null, "socks", 0, null), dynamic("127.0.0.1:1080"));
        assertEquals(new ClientForward("*", 1080, null, "socks", 0, null), dynamic("*:1080"));
        assertEquals(new ClientForward("::1", 1080, null, "socks", 0, null), dynamic("[::1]:1080"));
    }

    @Test
    void malformedSpecificationsAreRefusedAsSshRefusesThem() {
        for (String bad : List.of("8080:80", "x:h:80", "1:h:70000", "0:h:1", "1:h:0", "a:b:c:d:e", "[::1:1:h:2")) {
            assertNull(local(bad), bad);
        }
        for (String bad : List.of("", "x", "70000", "0", "a:b:1", "[::1]1080")) {
            assertNull(dynamic(bad), bad);
        }
        // A remote forward may listen on port 0 (the server picks one).
        assertEquals(0, ClientForward.parse("0:h:1", false, true, n -> null).listenPort());
    }
}
