package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.ConnectionMetadata;
import org.sshwire.auth.Decision;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;

/**
 * Authentication callbacks as Go's {@code ServerConfig.PasswordCallback(conn, password)} and
 * gliderlabs' handlers have them: they see the connection (addresses, versions, session id),
 * keep values for the session's handlers, and answer with a {@link Decision} carrying
 * {@link Permissions}, which the server then enforces.
 */
class AuthCallbacksServerTest {
    private final SshServerClientTest base = new SshServerClientTest();
    private final List<SshClient> clients = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        clients.forEach(SshClient::close);
        for (Socket s : sockets) {
            s.close();
        }
        base.stop();
    }

    /** Password logins as password (SshClient does not answer keyboard-interactive prompts). */
    private SshClient.Builder client(String user) {
        return SshClient.builder(user).timeout(Duration.ofSeconds(15)).auth(a -> a.methods(List.of("publickey", "password")))
                .hostKeyVerifier((h, p, k) -> k.equals(SshServerClientTest.HOST.publicKey()));
    }

    private SshClient connect(SshClient.Builder b) throws IOException {
        SshClient c = b.connect("127.0.0.1", base.server.port());
        clients.add(c);
        return c;
    }

    /** Connects from {@code source} (another loopback address) over a socket bound there. */
    private SshClient connectFrom(String source, SshClient.Builder b) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", base.server.port()), 10_000);
        SshClient c = b.connect(s.getInputStream(), s.getOutputStream(), "from-" + source);
        clients.add(c);
        return c;
    }

    private static String run(SshClient c, String command) throws Exception {
        ClientSession s = c.exec(command);
        s.stdin().close();
        String out = new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, s.waitFor());
        return out;
    }

    @Test
    void aPasswordCallbackThatAcceptsOnlyLoopbackWithAForcedCommandGetsThatCommandRun() throws Exception {
        List<ConnectionMetadata> seen = new CopyOnWriteArrayList<>();
        Permissions forced = Permissions.DEFAULT.withCriticalOption(Permissions.FORCE_COMMAND,
                "echo forced $((6*7)) \"$SSH_ORIGINAL_COMMAND\"");
        base.server = base.base().auth(ServerAuthPolicy.builder().passwordCallback((conn, user, password) -> {
            seen.add(conn);
            boolean loopback = conn.remoteAddress().getAddress().getHostAddress().equals("127.0.0.1");
            return loopback && user.equals("alice") && password.equals("pw") ? Decision.accept(forced)
                    : Decision.reject("not from " + conn.remoteAddress());
        }).build()).perSourcePenalties(PerSourcePenalties.OFF).handler(ProcessHandler.asServerAccount()).build().start();

        SshClient c = connect(client("alice").password("pw"));
        assertEquals("forced 42 echo asked", run(c, "echo asked"), "the forced command ran instead of the client's");
        ConnectionMetadata m = seen.get(0);
        assertEquals(c.info().sessionId(), m.sessionId());
        assertEquals(c.info().clientVersion(), m.clientVersion());
        assertEquals(c.info().serverVersion(), m.serverVersion());
        assertEquals(c.connection().localAddress(), m.remoteAddress());
        assertEquals(base.server.port(), m.localAddress().getPort());

        IOException refused = assertThrows(IOException.class, () -> connectFrom("127.0.0.2", client("alice").password("pw")));
        assertTrue(seen.stream().anyMatch(x -> x.remoteAddress().getAddress().getHostAddress().equals("127.0.0.2")),
                () -> "the callback saw the other source: " + refused);
    }

    @Test
    void aPublicKeyCallbackCanRejectByClientVersion() throws Exception {
        base.server = base.base().auth(ServerAuthPolicy.builder().publicKeyCallback((conn, user, key) ->
                conn.clientVersion().contains("BadClient") ? Decision.reject("client " + conn.clientVersion() + " not allowed")
                        : key.equals(SshServerClientTest.ALICE.publicKey()) ? Decision.accept() : Decision.reject())
                .build()).perSourcePenalties(PerSourcePenalties.OFF).handler(s -> s.stdout().write(s.user().getBytes(StandardCharsets.UTF_8)))
                .build().start();

        assertThrows(IOException.class, () -> connect(client("alice").identity(SshServerClientTest.ALICE)
                .transport(t -> t.identification("SSH-2.0-BadClient_1.0"))));
        SshClient good = connect(client("alice").identity(SshServerClientTest.ALICE));
        assertEquals("alice", run(good, "whoami"));
    }

    @Test
    void valuesACallbackKeepsReachTheSessionsOfThatConnectionOnly() throws Exception {
        base.server = base.base().auth(ServerAuthPolicy.builder().passwordCallback((conn, user, password) -> {
            conn.put("tenant", "tenant-of-" + password); // gliderlabs' ctx.SetValue, Go's Permissions.ExtraData
            return Decision.accept();
        }).build()).handler(s -> s.stdout().write(String.valueOf(s.context().get("tenant")).getBytes(StandardCharsets.UTF_8)))
                .build().start();
        SshClient a = connect(client("carol").password("a"));
        SshClient b = connect(client("carol").password("b"));
        assertEquals("tenant-of-a", run(a, "x"));
        assertEquals("tenant-of-b", run(b, "x"));
        assertEquals("tenant-of-a", run(a, "again"), "kept for the connection's later sessions");
    }

    @Test
    void aCallbackAnswerThatDoesNotFitItsQuestionDeniesTheAttemptAtOnce() throws Exception {
        // A challenge answers only keyboard-interactive: given to a password it must not leave the login hanging.
        base.server = base.base().auth(ServerAuthPolicy.builder().passwordCallback((conn, user, password) ->
                Decision.challenge("", "", List.of())).build()).perSourcePenalties(PerSourcePenalties.OFF).build().start();
        IOException e = assertThrows(IOException.class, () -> connect(client("alice").password("pw")));
        assertFalse(e.getMessage().startsWith("no login within"), () -> "refused, not timed out: " + e.getMessage());
    }
}
