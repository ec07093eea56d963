package org.sshwire.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEvent;

/**
 * LoginGraceTime counted from the connection's start, on a fake clock: sshd arms its alarm right
 * after accept, so a peer that sends nothing, drips bytes or stalls after key exchange is closed
 * as surely as one that stalls in authentication.
 */
class LoginGraceTest {
    static final org.sshwire.transport.keys.SshKeyPair HOST = SshEnginePairTest.HOST;
    static final long T0 = 1_000_000_000_000L;
    static final long GRACE = Duration.ofSeconds(120).toNanos();

    static SshServerEngine server(Duration grace) {
        return new SshServerEngine(TransportConfig.server(List.of(HOST)).build(),
                ServerAuthConfig.builder().graceTime(grace).build(), ConnectionConfig.server());
    }

    /** What a driver does: time whenever the engine asks for it. */
    static void start(SshEngine s, long now) {
        assertEquals(Long.MIN_VALUE, s.nextDeadlineNanos(), "asks for the time at once");
        s.onDeadline(now);
    }

    /** As EngineDriver: whenever an engine asks for the time, it gets it. */
    static void settle(SshEngine s, long now) {
        for (int i = 0; i < 16 && s.nextDeadlineNanos() == Long.MIN_VALUE; i++) {
            s.onDeadline(now);
        }
    }

    static void drain(SshEngine s) {
        while (s.pollTransmit() != null) {
            // the identification line and KEXINIT
        }
    }

    static TransportEvent.Disconnected disconnected(SshEngine s) {
        for (SshEvent e; (e = s.pollEvent()) != null; ) {
            if (e instanceof SshEvent.Transport t && t.event() instanceof TransportEvent.Disconnected d) {
                return d;
            }
        }
        return null;
    }

    @Test
    void aPeerThatSendsNothingIsClosedAtTheGraceTimeWithoutADisconnect() {
        SshServerEngine s = server(Duration.ofSeconds(120));
        start(s, T0);
        drain(s);
        assertEquals(T0 + GRACE, s.nextDeadlineNanos());
        s.onDeadline(T0 + GRACE - 1);
        assertFalse(s.isClosed());
        s.onDeadline(T0 + GRACE);
        assertTrue(s.isClosed());
        assertTrue(s.loginGraceExpired());
        assertNull(s.pollTransmit(), "sshd's grace alarm sends nothing");
        TransportEvent.Disconnected d = disconnected(s);
        assertEquals(SshServerEngine.GRACE_EXCEEDED, d.description());
        assertFalse(d.byPeer());
    }

    @Test
    void aDrippingPeerGetsNoExtension() {
        SshServerEngine s = server(Duration.ofSeconds(120));
        start(s, T0);
        drain(s);
        byte[] line = "SSH-2.0-drip\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < line.length - 2; i++) { // one byte a second, never the end of the line
            s.receive(ByteBuffer.wrap(line, i, 1));
            s.onDeadline(T0 + (i + 1) * 1_000_000_000L);
            assertEquals(T0 + GRACE, s.nextDeadlineNanos(), "bytes do not move the deadline");
        }
        s.onDeadline(T0 + GRACE);
        assertTrue(s.isClosed());
    }

    @Test
    void aPeerThatStopsAfterKeyExchangeIsClosedToo() {
        SshClientEngine c = new SshClientEngine(TransportConfig.client().build(),
                org.sshwire.auth.ClientAuthConfig.builder("alice").build(), ConnectionConfig.client());
        SshServerEngine s = server(Duration.ofSeconds(120));
        start(s, T0);
        // Only the transports talk: the client never asks for ssh-userauth.
        for (int round = 0; round < 100; round++) {
            boolean moved = false;
            for (ByteBuffer b; (b = c.transport().pollTransmit()) != null; moved = true) {
                s.receive(b);
            }
            for (ByteBuffer b; (b = s.pollTransmit()) != null; moved = true) {
                c.transport().receive(b);
            }
            for (TransportEvent e; (e = c.transport().pollEvent()) != null; moved = true) {
                if (e instanceof TransportEvent.HostKeyToVerify) {
                    c.transport().acceptHostKey();
                }
            }
            if (!moved) {
                break;
            }
        }
        assertTrue(s.transport().connectionInfo() != null, "key exchange done");
        assertNull(s.auth(), "no authentication started");
        settle(s, T0 + 1);
        assertEquals(T0 + GRACE, s.nextDeadlineNanos());
        s.onDeadline(T0 + GRACE);
        assertTrue(s.isClosed());
    }

    @Test
    void authenticationStopsTheGraceTimer() {
        SshClientEngine c = SshEnginePairTest.client(SshEnginePairTest.ALICE);
        SshServerEngine s = server(Duration.ofSeconds(120));
        start(s, T0);
        new SshEnginePairTest().pump(c, s);
        assertTrue(s.isAuthenticated());
        settle(s, T0 + 1);
        assertTrue(s.nextDeadlineNanos() > T0 + GRACE, "no grace deadline left (at most the rekey timer)");
        s.onDeadline(T0 + 10 * GRACE);
        assertFalse(s.isClosed());
    }

    @Test
    void zeroMeansNoLimitAsInSshd() {
        SshServerEngine s = server(Duration.ZERO);
        drain(s);
        assertEquals(Long.MAX_VALUE, s.nextDeadlineNanos());
        s.onDeadline(T0 + 1000 * GRACE);
        assertFalse(s.isClosed());
    }
}
