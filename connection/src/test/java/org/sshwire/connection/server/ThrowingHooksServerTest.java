package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.auth.AuthMessage;
import org.sshwire.connection.research.ConnectionResearch;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.Direction;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;

/**
 * A user hook that throws (DESIGN §5: "a hook that throws closes only its own connection"):
 * the client whose traffic made it throw is disconnected at once, the server's MaxStartups
 * accounting lets the slot go, and another connection carries on untouched — for the hooks set
 * once per server and for the per-connection hooks at the wire, payload and message levels.
 */
class ThrowingHooksServerTest {
    private final SshServerClientTest base = new SshServerClientTest();
    private final List<SshClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(SshClient::close);
        base.stop();
    }

    /** Logins as "boom" make the hook throw; any other name passes. */
    private static boolean isBoomLogin(Direction d, Payload p) {
        if (d != Direction.INBOUND || p.msgId() != MessageNumbers.SSH_MSG_USERAUTH_REQUEST) {
            return false;
        }
        return "boom".equals(p.reader().readUtf8());
    }

    /** CHANNEL_DATA (RFC 4254 §5.2) whose data says "boom". */
    private static boolean isBoomData(Direction d, Payload p) {
        if (d != Direction.OUTBOUND || p.msgId() != MessageNumbers.SSH_MSG_CHANNEL_DATA) {
            return false;
        }
        SshReader r = p.reader();
        r.readUint32();
        return r.readString().asUtf8().contains("boom");
    }

    /**
     * MaxStartups 1:100:1: one connection that has not logged in yet fills the server, so a new
     * login only succeeds once the failed connection's slot was given back. Penalties are off so
     * that only the MaxStartups accounting decides.
     */
    private SshServer.Builder oneStartup() {
        return base.base().maxStartups(new MaxStartups(1, 100, 1)).perSourcePenalties(PerSourcePenalties.OFF)
                .handler(s -> s.stdin().transferTo(s.stdout()));
    }

    private SshClient login(String user) throws IOException {
        SshClient c = SshClient.builder(user).identity(SshServerClientTest.ALICE).timeout(Duration.ofSeconds(15))
                .hostKeyVerifier((h, p, k) -> k.equals(SshServerClientTest.HOST.publicKey()))
                .connect("127.0.0.1", base.server.port());
        clients.add(c);
        return c;
    }

    private static String echo(SshClient c, String text) throws Exception {
        ClientSession s = c.exec("cat");
        s.stdin().write(text.getBytes(StandardCharsets.UTF_8));
        s.stdin().close();
        String back = new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8);
        s.close();
        return back;
    }

    /** The failing login is ended by the server (a DISCONNECT), not by the client's own timeout. */
    private void assertLoginDisconnected(String user) {
        IOException e = assertThrows(IOException.class, () -> login(user));
        assertTrue(e.getMessage().startsWith("disconnected: BY_APPLICATION"), e::getMessage);
    }

    private void assertOnlyThatConnectionWent(SshClient healthy) throws Exception {
        await(() -> base.server.pendingStartups(), 0, "unauthenticated connections");
        await(() -> base.server.connections().size(), 1, "connections open");
        assertEquals("still here", echo(healthy, "still here"), "the other connection works on");
        SshClient next = login("alice"); // refused at accept if the failed one still held the slot
        assertEquals("next", echo(next, "next"));
    }

    @Test
    void anObserverThatThrowsOnOneLoginEndsOnlyThatConnectionAndFreesItsStartupSlot() throws Exception {
        base.server = oneStartup().transport(t -> t.observer((d, seq, p) -> {
            if (isBoomLogin(d, p)) {
                throw new IllegalStateException("observer bug");
            }
        })).build().start();
        SshClient healthy = login("alice");
        await(() -> base.server.pendingStartups(), 0, "unauthenticated connections");
        assertLoginDisconnected("boom");
        assertOnlyThatConnectionWent(healthy);
    }

    @Test
    void anInterceptorThatThrowsOnOneLoginEndsOnlyThatConnectionAndFreesItsStartupSlot() throws Exception {
        base.server = oneStartup().transport(t -> t.interceptor((d, p) -> {
            if (isBoomLogin(d, p)) {
                throw new IllegalArgumentException("interceptor bug");
            }
            return List.of(p);
        })).build().start();
        SshClient healthy = login("alice");
        await(() -> base.server.pendingStartups(), 0, "unauthenticated connections");
        assertLoginDisconnected("boom");
        assertOnlyThatConnectionWent(healthy);
    }

    @Test
    void anInterceptorThatThrowsOnOutgoingChannelDataEndsOnlyThatConnection() throws Exception {
        base.server = oneStartup().transport(t -> t.interceptor((d, p) -> {
            if (isBoomData(d, p)) {
                throw new IllegalStateException("interceptor bug");
            }
            return List.of(p);
        })).build().start();
        assertBoomDataEndsOnlyItsConnection("hook");
    }

    /**
     * Per-connection hooks (research(...)): the connection's message observer notes a login as
     * "boom"; from then on the {@code level} hook of that connection — and no other's — throws.
     */
    private SshServer.Builder boomAt(String level) {
        return oneStartup().research(info -> {
            boolean[] boom = new boolean[1];
            ConnectionHooks.Builder h = ConnectionHooks.builder().messageObserver((c, d, seq, m) -> {
                if (m instanceof AuthMessage.Request r && r.user().equals("boom")) {
                    boom[0] = true;
                }
            });
            RuntimeException bug = new IllegalStateException(level + " bug");
            switch (level) {
                case "wire observer" -> h.wireObserver((c, d, seq, b) -> {
                    if (boom[0]) {
                        throw bug;
                    }
                });
                case "wire interceptor" -> h.wireInterceptor((c, d, seq, b) -> {
                    if (boom[0]) {
                        throw bug;
                    }
                    return List.of(b);
                });
                case "payload observer" -> h.payloadObserver((c, d, seq, p) -> {
                    if (boom[0]) {
                        throw bug;
                    }
                });
                case "payload interceptor" -> h.payloadInterceptor((c, d, p) -> {
                    if (boom[0]) {
                        throw bug;
                    }
                    return List.of(p);
                });
                case "message observer" -> h.messageObserver((c, d, seq, m) -> {
                    if (boom[0]) {
                        throw bug;
                    }
                });
                default -> throw new IllegalArgumentException(level);
            }
            return ConnectionResearch.of(h.build());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"wire observer", "wire interceptor", "payload observer", "payload interceptor", "message observer"})
    void aPerConnectionHookThatThrowsEndsOnlyThatConnectionAndFreesItsStartupSlot(String level) throws Exception {
        base.server = boomAt(level).build().start();
        SshClient healthy = login("alice");
        await(() -> base.server.pendingStartups(), 0, "unauthenticated connections");
        assertLoginDisconnected("boom");
        assertOnlyThatConnectionWent(healthy);
    }

    @Test
    void aResearchFunctionThatThrowsForOneConnectionClosesOnlyThatSocket() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        base.server = oneStartup().research(info -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("research setup bug");
            }
            return ConnectionResearch.of(ConnectionHooks.NONE);
        }).build().start();
        SshClient healthy = login("alice");
        await(() -> base.server.pendingStartups(), 0, "unauthenticated connections");
        assertThrows(IOException.class, () -> login("alice"), "the second connection is closed at accept");
        assertOnlyThatConnectionWent(healthy);
    }

    @Test
    void aChannelTapThatThrowsOnTheIoThreadEndsOnlyThatConnection() throws Exception {
        base.server = oneStartup().tap((ch, dir, stream, data) -> {
            if (data.asUtf8().contains("boom")) {
                throw new IllegalStateException("tap bug");
            }
        }).build().start();
        assertBoomDataEndsOnlyItsConnection("tap");
    }

    /** A healthy connection and a victim whose "boom" through {@code cat} makes the {@code what} throw. */
    private void assertBoomDataEndsOnlyItsConnection(String what) throws Exception {
        SshClient healthy = login("alice");
        // MaxStartups 1:100:1: the first login's slot is freed just after connect returns.
        await(() -> base.server.pendingStartups(), 0, "unauthenticated connections");
        SshClient victim = login("alice");
        ClientSession s = victim.exec("cat");
        s.stdin().write("boom".getBytes(StandardCharsets.UTF_8));
        s.stdin().flush();
        assertTrue(victim.connection().awaitClose(Duration.ofSeconds(15)), "the connection whose data made the " + what + " throw is closed");
        assertOnlyThatConnectionWent(healthy);
    }

    private static void await(IntSupplier value, int n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (value.getAsInt() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, value.getAsInt(), what);
    }
}
