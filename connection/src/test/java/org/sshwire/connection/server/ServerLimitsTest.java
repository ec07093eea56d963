package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sshwire.connection.channel.ChannelOpenException;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.transport.keys.SshKeyPair;

/** MaxSessions, PerSourcePenalties, PerSourceMaxStartups and the timeouts on a real server over loopback. */
@Timeout(120)
class ServerLimitsTest {
    final SshServerClientTest kit = new SshServerClientTest();
    SshServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    SshClient connect() throws IOException {
        kit.server = server;
        return kit.connect();
    }

    /** session.c: the 11th session of a connection is refused as sshd refuses it; closing one frees a slot. */
    @Test
    void theEleventhSessionIsRefusedAdministrativelyProhibited() throws Exception {
        server = kit.base().handler(s -> s.stdin().transferTo(s.stdout())).build().start();
        try (SshClient c = connect()) {
            List<ClientSession> open = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                open.add(c.openSession());
            }
            ChannelOpenException e = assertThrows(ChannelOpenException.class, c::openSession);
            assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, e.reason());
            assertEquals("open failed", e.getMessage().contains("open failed") ? "open failed" : e.getMessage());
            assertTrue(c.connection().isOpen(), "the connection survives");
            open.get(0).close();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ClientSession again = null;
            while (again == null && System.nanoTime() < deadline) {
                try {
                    again = c.openSession();
                } catch (ChannelOpenException stillFull) {
                    Thread.onSpinWait(); // the close is on its way
                }
            }
            assertNotNull(again, "a slot came free");
        }
    }

    @Test
    void maxSessionsIsConfigurable() throws Exception {
        server = kit.base().maxSessions(1).handler(s -> s.stdin().transferTo(s.stdout())).build().start();
        try (SshClient c = connect()) {
            c.openSession();
            assertThrows(ChannelOpenException.class, c::openSession);
        }
    }

    static void failLogin(int port) {
        assertThrows(IOException.class, () -> SshClient.builder("alice")
                .identity(SshKeyPair.generate("ssh-ed25519", 0, SshServerClientTest.C))
                .timeout(Duration.ofSeconds(20)).hostKeyVerifier((h, p, k) -> true).connect("127.0.0.1", port));
    }

    /**
     * The first line the server sends: its identification, or for a refused connection sshd's
     * notice (then end of stream). Only one line: like sshd, the server sends nothing more until
     * the client has identified itself.
     */
    static String greeting(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; line.length() < 255 && (c = in.read()) >= 0 && c != '\n'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    /**
     * srclimit.c: authfail is 5 s and min 15 s, so the fourth failed login in a row holds 20 s of
     * penalty and activates it; the next connection from the source is refused at accept.
     */
    @Test
    void fourFailedLoginsGetTheSourceRefused() throws Exception {
        server = kit.base().build().start();
        for (int i = 0; i < 3; i++) {
            failLogin(server.port());
        }
        awaitPenalised(1);
        assertTrue(greeting(server.port()).startsWith("SSH-2.0-"), "3 failures (15 s) are not over min yet");
        failLogin(server.port());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String g = greeting(server.port());
        while (g.startsWith("SSH-") && System.nanoTime() < deadline) {
            g = greeting(server.port()); // the close of the 4th (and so its penalty) may lag the client
        }
        assertEquals("Not allow", g.substring(0, Math.min(9, g.length())));
    }

    @Test
    void theExemptListAndOffKeepASourceIn() throws Exception {
        server = kit.base().perSourcePenaltyExemptList("127.0.0.0/8,::1").build().start();
        for (int i = 0; i < 5; i++) {
            failLogin(server.port());
        }
        assertEquals(0, server.penalisedSources());
        assertTrue(greeting(server.port()).startsWith("SSH-2.0-"));
        server.close();
        server = kit.base().perSourcePenalties(PerSourcePenalties.OFF).build().start();
        for (int i = 0; i < 5; i++) {
            failLogin(server.port());
        }
        assertEquals(0, server.penalisedSources());
        try (SshClient c = connect()) {
            assertTrue(c.connection().isOpen());
        }
    }

    @Test
    void perSourceMaxStartupsRefusesTheSourcesNextUnauthenticatedConnection() throws Exception {
        server = kit.base().perSourceMaxStartups(2).perSourcePenalties(PerSourcePenalties.OFF).build().start();
        try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.pendingStartups() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals("Not allow", greeting(server.port()).substring(0, 9));
        }
    }

    @Test
    void unusedConnectionTimeoutClosesAConnectionWithoutChannels() throws Exception {
        server = kit.base().unusedConnectionTimeout(Duration.ofMillis(300)).build().start();
        try (SshClient c = connect()) {
            assertTrue(c.connection().awaitClose(Duration.ofSeconds(30)), "closed for want of channels");
        }
    }

    @Test
    void channelTimeoutClosesAnIdleSessionButNotTheConnection() throws Exception {
        server = kit.base().channelTimeout("session:command=1s").handler(s -> s.stdin().transferTo(s.stdout()))
                .build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("cat");
            assertEquals(-1, s.stdout().read(), "closed while idle");
            assertTrue(c.connection().isOpen());
            ClientSession shell = c.openSession();
            assertFalse(shell == null);
        }
    }

    void awaitPenalised(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.penalisedSources() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(n, server.penalisedSources());
    }
}
