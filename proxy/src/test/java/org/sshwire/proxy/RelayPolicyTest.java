package org.sshwire.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.channel.ChannelOpenException;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.connection.server.SshServer;
import org.sshwire.proxy.AccessPolicy.Forwarding;

/**
 * The relay's {@link AccessPolicy} between two sshwire ends: forwarding refused as sshd refuses
 * it, the time limit and an operator's terminate ending a connection with the reason on the
 * session's stderr, and the live view over the {@link ControlSocket}.
 */
class RelayPolicyTest {
    @TempDir
    Path dir;
    SshServer upstream;
    SshServer bastion;
    Relay relay;
    final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (bastion != null) {
            bastion.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** An upstream whose command writes "up" (and what it was asked to run) and then waits for its stdin to end. */
    void start(AccessPolicy policy) throws Exception {
        upstream = SshServer.builder().listen("127.0.0.1", 0).hostKey(RelayTest.UPSTREAM_HOST).auth(RelayTest.onlyKey(RelayTest.BASTION_KEY))
                .handler(s -> {
                    s.stdout().write("up\n".getBytes(StandardCharsets.UTF_8));
                    s.stderr().write(("ran " + s.rawCommand() + " " + s.subsystem().orElse("-") + "\n").getBytes(StandardCharsets.UTF_8));
                    s.stderr().flush();
                    s.stdout().flush();
                    s.stdin().readAllBytes();
                    s.exit(0);
                }).build().start();
        relay = Relay.builder()
                .upstreamLogin((route, b, agent) -> b.identity(RelayTest.BASTION_KEY)
                        .hostKeyVerifier((h, p, k) -> k.equals(RelayTest.UPSTREAM_HOST.publicKey())))
                .accessPolicy(policy)
                .tap(new RelayTap() {
                    @Override
                    public void channelRefused(String connection, String type, org.sshwire.transport.wire.Bytes openData, String reason) {
                        events.add("channel-refused " + type + ": " + reason);
                    }

                    @Override
                    public void policyDenied(String connection, String request, String reason) {
                        events.add("policy-denied " + request + ": " + reason);
                    }

                    @Override
                    public void ended(String connection, String reason) {
                        events.add("ended " + connection + ": " + reason);
                    }
                })
                .build();
        bastion = relay.installOn(SshServer.builder().listen("127.0.0.1", 0).hostKey(RelayTest.BASTION_HOST)
                .auth(RelayTest.onlyKey(RelayTest.USER))).build().start();
    }

    SshClient user(String login) throws Exception {
        return SshClient.builder(login).identity(RelayTest.USER).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(RelayTest.BASTION_HOST.publicKey())).connect("127.0.0.1", bastion.port());
    }

    String route() {
        return "alice@127.0.0.1:" + upstream.port();
    }

    /** Runs the upstream's command and waits for its "up" and its stderr line: the session is open end to end. */
    static ClientSession running(SshClient c) throws Exception {
        ClientSession s = c.exec("wait");
        BufferedReader r = new BufferedReader(new InputStreamReader(s.stdout(), StandardCharsets.UTF_8));
        assertEquals("up", r.readLine());
        StringBuilder line = new StringBuilder();
        for (int b; (b = s.stderr().read()) != '\n'; ) { // byte by byte: the rest is for the test to read
            assertTrue(b >= 0, "stderr ended early: " + line);
            line.append((char) b);
        }
        assertEquals("ran wait -", line.toString());
        return s;
    }

    static CompletableFuture<String> stderr(ClientSession s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(s.stderr().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
    }

    @Test
    void forwardingTheRuleDoesNotAllowIsAdministrativelyProhibitedOrAFailedGlobalRequest() throws Exception {
        start(AccessPolicy.builder().user("alice").forwarding(Forwarding.REMOTE).build());
        try (SshClient c = user(route())) {
            ChannelOpenException e = assertThrows(ChannelOpenException.class, () -> c.connection().openChannel(
                    new ChannelOpenData.DirectTcpip("127.0.0.1", upstream.port(), "127.0.0.1", 5)));
            assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, e.reason());
            assertTrue(e.getMessage().contains("sshwire proxy: local forwarding is not allowed for alice on this bastion"), e.getMessage());
            boolean ok = c.connection().sendGlobalRequest("streamlocal-forward@openssh.com", true,
                    new GlobalRequestBody.StreamlocalForward("/tmp/x.sock").toBytes()).success();
            assertFalse(ok, "streamlocal forwarding refused");
        }
        assertEquals(List.of("channel-refused direct-tcpip: sshwire proxy: local forwarding is not allowed for alice on this bastion",
                "policy-denied streamlocal-forward@openssh.com: streamlocal forwarding is not allowed for alice on this bastion"), events);
    }

    @Test
    void aForcedCommandRunsUpstreamInsteadOfTheExecShellOrSubsystemAskedFor() throws Exception {
        start(AccessPolicy.builder().user("*").forceCommand("report --daily").commands(java.util.regex.Pattern.compile("never")).build());
        try (SshClient c = user(route())) {
            for (String ask : new String[] {"exec", "shell", "subsystem"}) {
                ClientSession s = c.openSession();
                switch (ask) {
                    case "exec" -> s.exec("rm -rf /");
                    case "shell" -> s.shell();
                    default -> s.subsystem("sftp");
                }
                BufferedReader out = new BufferedReader(new InputStreamReader(s.stdout(), StandardCharsets.UTF_8));
                assertEquals("up", out.readLine(), ask);
                BufferedReader err = new BufferedReader(new InputStreamReader(s.stderr(), StandardCharsets.UTF_8));
                assertEquals("ran report --daily -", err.readLine(), ask + " became the forced command (its AllowCommand not consulted)");
                s.stdin().close();
                assertEquals(0, s.waitFor(), ask);
            }
        }
    }

    @Test
    void theTimeLimitEndsTheConnectionWithTheReasonOnTheSessionsStderr() throws Exception {
        start(AccessPolicy.builder().user("*").maxSession(Duration.ofSeconds(3)).build());
        try (SshClient c = user(route())) {
            ClientSession s = running(c);
            assertEquals("sshwire proxy: session time limit of 3s reached\r\n", stderr(s).get(30, TimeUnit.SECONDS));
            assertTrue(c.connection().awaitClose(Duration.ofSeconds(30)), "the bastion disconnected");
        }
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).endsWith(": session time limit of 3s reached"), events.toString());
    }

    @Test
    void theControlSocketListsTheLiveConnectionAndTerminateEndsIt() throws Exception {
        start(AccessPolicy.allowAll());
        String id;
        try (ControlSocket control = ControlSocket.open(relay, dir.resolve("data"));
             SshClient c = user(route())) {
            assertEquals(dir.resolve("data").resolve("control-" + ProcessHandle.current().pid() + ".sock").toAbsolutePath(), control.path());
            ClientSession s = running(c);
            List<LiveSession> live = ControlSocket.sessions(dir.resolve("data"));
            assertEquals(1, live.size(), live.toString());
            LiveSession l = live.get(0);
            id = l.id();
            assertEquals(route(), l.login());
            assertEquals(route(), l.route());
            assertTrue(l.client().startsWith("127.0.0.1:"), l.client());
            assertEquals(1, l.channels());
            assertEquals("up\n".length() + "ran wait -\n".length(), l.bytesToClient());
            assertEquals(relay.sessions(), live, "the socket shows what the relay has");

            assertFalse(ControlSocket.terminate(dir.resolve("data"), "no-such-id"));
            assertTrue(ControlSocket.terminate(dir.resolve("data"), l.id()));
            assertEquals("sshwire proxy: terminated by the bastion's operator\r\n", stderr(s).get(30, TimeUnit.SECONDS));
            assertTrue(c.connection().awaitClose(Duration.ofSeconds(30)), "the bastion disconnected");
        }
        assertEquals(List.of("ended " + id + ": terminated by the bastion's operator"), events);
        assertFalse(java.nio.file.Files.exists(dir.resolve("data").resolve("control-" + ProcessHandle.current().pid() + ".sock")),
                "the socket is removed on close");
    }
}
