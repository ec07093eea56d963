package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.AuthMessage;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.research.ConnectionResearch;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.research.ConnectionHooks;

/**
 * research(...) on SshServer and SshClient (DESIGN §5): each connection gets its own hooks, named
 * by its ConnectionInfo (id, addresses, versions, session id), and message observers see the
 * decoded records of every layer.
 */
class ResearchHooksServerTest {
    private final SshServerClientTest base = new SshServerClientTest();

    @AfterEach
    void stop() {
        base.stop();
    }

    /** What one connection's hooks saw. */
    record Seen(ConnectionInfo opening, List<Record> messages, List<ConnectionInfo> infos) {
        Seen(ConnectionInfo opening) {
            this(opening, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        }
    }

    private static ConnectionResearch recorder(ConnectionInfo opening, Map<Long, Seen> into) {
        Seen seen = new Seen(opening);
        into.put(opening.id(), seen);
        return ConnectionResearch.of(ConnectionHooks.builder().messageObserver((c, d, seq, m) -> {
            seen.messages().add(m);
            seen.infos().add(c);
        }).build());
    }

    private static String echo(SshClient c, String text) throws Exception {
        try (ClientSession s = c.exec("cat")) {
            s.stdin().write(text.getBytes(StandardCharsets.UTF_8));
            s.stdin().close();
            return new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private SshClient connect(Map<Long, Seen> clientSide) throws Exception {
        return SshClient.builder("alice").identity(SshServerClientTest.ALICE).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(SshServerClientTest.HOST.publicKey()))
                .research(info -> recorder(info, clientSide))
                .connect("127.0.0.1", base.server.port());
    }

    @Test
    void eachConnectionHasItsOwnHooksIdAndAddressesAndSeesTypedMessagesOfEveryLayer() throws Exception {
        Map<Long, Seen> server = new ConcurrentHashMap<>();
        Map<Long, Seen> client = new ConcurrentHashMap<>();
        base.server = base.base().handler(s -> s.stdin().transferTo(s.stdout()))
                .research(info -> recorder(info, server)).build().start();
        try (SshClient one = connect(client); SshClient two = connect(client)) {
            assertEquals("first", echo(one, "first"));
            assertEquals("second", echo(two, "second"));
        }
        assertEquals(2, server.size(), "one hook set per accepted connection");
        assertEquals(2, client.size(), "one hook set per client connection");
        List<Seen> s = List.copyOf(server.values());
        assertNotEquals(s.get(0).opening().remoteAddress(), s.get(1).opening().remoteAddress());
        for (Seen seen : s) {
            assertEquals(base.server.port(), seen.opening().localAddress().getPort());
            assertTrue(seen.messages().stream().anyMatch(m -> m instanceof AuthMessage.Request r && r.user().equals("alice")),
                    "USERAUTH_REQUEST decoded as its record");
            List<String> data = seen.messages().stream().filter(ChannelData.class::isInstance).map(ChannelData.class::cast)
                    .map(d -> d.data().asUtf8()).toList();
            assertEquals(1, data.stream().filter(d -> d.equals("first") || d.equals("second")).distinct().count(),
                    () -> "each connection's hooks see only its own channel data: " + data);
            ConnectionInfo last = seen.infos().get(seen.infos().size() - 1);
            assertEquals(seen.opening().id(), last.id());
            assertTrue(last.clientVersion().startsWith("SSH-2.0-"));
            assertEquals(32, last.sessionId().length(), "sha256 session id once known");
        }
        for (Seen c : client.values()) {
            assertEquals(base.server.port(), c.opening().remoteAddress().getPort());
            assertTrue(c.messages().stream().anyMatch(AuthMessage.Success.class::isInstance), "the client saw its login succeed");
        }
    }

    @Test
    void windowAndMaximumPacketCanBeSetForOneConnection() throws Exception {
        base.server = base.base().handler(s -> s.stdin().transferTo(s.stdout()))
                .research(info -> new ConnectionResearch(ConnectionHooks.NONE, cfg -> cfg.withInitialWindow(4096)
                        .withMaxPacket(1024).withWindowTuning(org.sshwire.connection.engine.WindowTuning.off())
                        .withWindowPolicy(org.sshwire.connection.engine.WindowPolicy.immediate())))
                .build().start();
        Map<Long, Seen> client = new ConcurrentHashMap<>();
        String big = "x".repeat(20_000);
        try (SshClient c = connect(client)) {
            assertEquals(big, echo(c, big));
        }
        List<Record> m = client.values().iterator().next().messages();
        org.sshwire.connection.message.ChannelOpenConfirmation open = m.stream()
                .filter(org.sshwire.connection.message.ChannelOpenConfirmation.class::isInstance)
                .map(org.sshwire.connection.message.ChannelOpenConfirmation.class::cast).findFirst().orElseThrow();
        assertEquals(4096, open.initialWindowSize(), "the window the server announced for this connection");
        assertEquals(1024, open.maximumPacketSize());
        long adjusts = m.stream().filter(org.sshwire.connection.message.ChannelWindowAdjust.class::isInstance).count();
        assertTrue(adjusts >= 5, () -> "20000 bytes through a 4096-byte window need WINDOW_ADJUSTs from the server: " + adjusts);
    }
}
