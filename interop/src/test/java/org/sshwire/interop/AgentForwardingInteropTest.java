package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.server.ForwardingPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.ThrowawayUser;
import org.sshwire.transport.keys.KeyFiles;

/**
 * Agent forwarding both ways: OpenSSH's {@code ssh -A} to {@code sshwire server}, where the
 * session's SSH_AUTH_SOCK lists the key and logs in to a second server (OpenSSH sshd) with it;
 * the socket's owner and mode, another user refused, the socket gone with the session; and
 * {@code sshwire ssh -A} to OpenSSH's sshd.
 */
class AgentForwardingInteropTest {
    static final String USER = System.getProperty("user.name");

    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static Path key;
    static String fingerprint;
    static OpenSshAgent agent;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        key = OpenSshAgent.keygen(dir.resolve("id_ed25519"), "ed25519", "fwd pass");
        fingerprint = KeyFiles.readPublicKeyLine(Files.readString(Path.of(key + ".pub"))).fingerprintSha256();
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "AuthorizedKeysFile " + key + ".pub", "PermitRootLogin yes", "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "SetEnv SHLVL=1"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = s.getLocalPort();
        }
        sshd = cfg.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
        agent = OpenSshAgent.start(Files.createDirectories(dir.resolve("agent")));
        OpenSsh.Result add = agent.sshAdd("fwd pass", key.toString());
        assertEquals(0, add.exit(), add.stderr());
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.destroy();
        }
        if (agent != null) {
            agent.close();
        }
    }

    /** What the forwarded session runs: its agent socket, owner and mode, the key list, a second hop. */
    static String probe(String hopUser) {
        return "echo \"sock=$SSH_AUTH_SOCK\"; stat -c 'mode=%a owner=%U' \"$SSH_AUTH_SOCK\" \"$(dirname \"$SSH_AUTH_SOCK\")\"; "
                + "ssh-add -l; ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes "
                + "-o LogLevel=ERROR -p " + sshdPort + " " + hopUser + "@127.0.0.1 echo second-hop-ok";
    }

    static String socketOf(String out) {
        return out.lines().filter(l -> l.startsWith("sock=")).findFirst().orElseThrow(() -> new AssertionError(out)).substring(5);
    }

    static void awaitGone(Path p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(p)) {
            assertTrue(System.nanoTime() < deadline, p + " still exists after the session ended");
            new CompletableFuture<Void>().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
    }

    @Test
    void opensshSshDashAToSshwireServerListsTheKeyAndLogsInToASecondServer() throws Exception {
        ServerCommandTest servers = new ServerCommandTest();
        servers.dir = Files.createDirectories(dir.resolve("server-root"));
        try (ServerCommandTest.Running s = servers.start("--authorized-keys", key + ".pub")) {
            List<String> cmd = new ArrayList<>(List.of("env", "SSH_AUTH_SOCK=" + agent.socket, OpenSsh.SSH.toString(), "-A",
                    "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "-o", "LogLevel=ERROR", "-p", String.valueOf(s.port()), USER + "@127.0.0.1", probe(USER)));
            OpenSsh.Result r = OpenSsh.run(cmd, 120);
            assertEquals(0, r.exit(), r.stdout() + r.stderr() + s.lines());
            assertTrue(r.stdout().contains(fingerprint), r.stdout());
            assertTrue(r.stdout().contains("mode=600 owner=" + USER + "\nmode=700 owner=" + USER + "\n"), r.stdout());
            assertTrue(r.stdout().contains("second-hop-ok\n"), r.stdout() + r.stderr());
            Path sock = Path.of(socketOf(r.stdout()));
            awaitGone(sock);
            awaitGone(sock.getParent());

            // Without -A the session has no agent.
            List<String> plain = new ArrayList<>(cmd);
            plain.remove("-A");
            plain.set(plain.size() - 1, "echo \"[$SSH_AUTH_SOCK]\"");
            OpenSsh.Result none = OpenSsh.run(plain, 120);
            assertEquals("[]\n", none.stdout(), none.stderr());
        }
    }

    @Test
    void theSocketBelongsToTheSessionsUserAndNoOtherUserReachesIt() throws Exception {
        ThrowawayUser.requireRoot();
        Path sshpass = Path.of("/usr/bin/sshpass");
        OpenSsh.require(sshpass);
        ServerCommandTest servers = new ServerCommandTest();
        servers.dir = Files.createDirectories(dir.resolve("server-users"));
        try (ThrowawayUser alice = ThrowawayUser.create(); ThrowawayUser mallory = ThrowawayUser.create()) {
            Path pw = Files.writeString(dir.resolve("pw"), alice.name() + ":pw-a\n");
            try (ServerCommandTest.Running s = servers.startServer(List.of("--passwords", pw.toString()))) {
                List<String> cmd = List.of("env", "SSH_AUTH_SOCK=" + agent.socket, sshpass.toString(), "-p", "pw-a",
                        OpenSsh.SSH.toString(), "-A", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                        "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR", "-p", String.valueOf(s.port()), alice.name() + "@127.0.0.1",
                        probe("root") + "; echo ready; read line");
                Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("alice-ssh.err").toFile()).start();
                StringBuilder out = new StringBuilder();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     OutputStream in = p.getOutputStream()) {
                    for (String line; (line = r.readLine()) != null && !line.equals("ready"); ) {
                        out.append(line).append('\n');
                    }
                    String o = out.toString();
                    assertTrue(o.contains("mode=600 owner=" + alice.name() + "\nmode=700 owner=" + alice.name() + "\n"),
                            o + Files.readString(dir.resolve("alice-ssh.err")));
                    assertTrue(o.contains(fingerprint), o);
                    assertTrue(o.contains("second-hop-ok"), o + Files.readString(dir.resolve("alice-ssh.err")));
                    Path sock = Path.of(socketOf(o));
                    // Another user cannot connect (ssh-add: "Error connecting to agent: Permission denied", exit 2).
                    OpenSsh.Result other = OpenSsh.run(List.of("/usr/sbin/runuser", "-u", mallory.name(), "--", "env",
                            "SSH_AUTH_SOCK=" + sock, OpenSsh.SSH_ADD.toString(), "-l"), 30);
                    assertEquals(2, other.exit(), other.stdout() + other.stderr());
                    in.write('\n');
                    in.flush();
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                    awaitGone(sock.getParent());
                } finally {
                    p.destroy();
                }
            }
        }
    }

    @Test
    void sshwireSshDashAToOpensshSshd() throws Exception {
        List<String> cmd = List.of("env", "SSH_AUTH_SOCK=" + agent.socket, ServerCommandTest.LAUNCHER.toString(), "ssh", "-A",
                "-p", String.valueOf(sshdPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh"),
                USER + "@127.0.0.1", probe(USER));
        OpenSsh.Result r = OpenSsh.run(cmd, 120);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains(fingerprint), r.stdout());
        assertTrue(r.stdout().contains("second-hop-ok\n"), r.stdout() + r.stderr());
        // Without -A, sshd gives the session no agent.
        List<String> plain = new ArrayList<>(cmd);
        plain.remove("-A");
        plain.set(plain.size() - 1, "echo \"[$SSH_AUTH_SOCK]\"");
        OpenSsh.Result none = OpenSsh.run(plain, 120);
        assertEquals(0, none.exit(), none.stderr());
        assertEquals("[]\n", none.stdout());
        assertFalse(none.stdout().contains("/tmp/"));
    }

    static SshServer libraryServer(ForwardingPolicy forwarding) throws Exception {
        Path authorized = Path.of(key + ".pub");
        org.sshwire.transport.crypto.CryptoBackend c = org.sshwire.transport.crypto.CryptoBackend.defaultBackend();
        return SshServer.builder().listen("127.0.0.1", 0)
                .hostKey(org.sshwire.transport.keys.SshKeyPair.generate("ssh-ed25519", 0, c))
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> authorized, c)).build())
                .forwarding(forwarding)
                .handler(session -> {
                    // gliderlabs-style: the handler signs a login to the next hop with the client's agent.
                    try (AgentClient a = AgentClient.connect(session.agentSocket().orElseThrow());
                         SshClient next = SshClient.builder(USER).agent(a).hostKeyVerifier(HostKeyVerifier.acceptAny())
                                 .timeout(java.time.Duration.ofSeconds(30)).connect("127.0.0.1", sshdPort)) {
                        String out = next.exec("echo next-hop").collect().stdoutText();
                        session.stdout().write(("handler saw " + out).getBytes(StandardCharsets.UTF_8));
                    }
                })
                .build().start();
    }

    @Test
    void aLibraryHandlerLogsInToANextHopWithTheClientsForwardedAgent() throws Exception {
        try (SshServer server = libraryServer(ForwardingPolicy.DENY.withAgentForwarding(conn -> true));
             AgentClient local = AgentClient.connect(agent.socket);
             SshClient c = SshClient.builder(USER).agent(local).hostKeyVerifier(HostKeyVerifier.acceptAny())
                     .timeout(java.time.Duration.ofSeconds(30)).connect("127.0.0.1", server.port())) {
            c.forwardAgent(agent.socket);
            ClientSession s = c.openSession();
            assertTrue(s.requestAgentForwarding());
            s.exec("anything");
            assertEquals("handler saw next-hop\n", new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
        }
        // Denied by default: the request fails and the session has no agent.
        try (SshServer server = libraryServer(ForwardingPolicy.DENY);
             AgentClient local = AgentClient.connect(agent.socket);
             SshClient c = SshClient.builder(USER).agent(local).hostKeyVerifier(HostKeyVerifier.acceptAny())
                     .timeout(java.time.Duration.ofSeconds(30)).connect("127.0.0.1", server.port())) {
            c.forwardAgent(agent.socket);
            assertFalse(c.openSession().requestAgentForwarding());
        }
    }

    /**
     * ssh-add -h across hops: our forwarding connection binds to the first session marked as
     * forwarding, so a key allowed only origin > sshd cannot be used from inside that session
     * for a next hop, while one also allowed sshd > sshd can. (Without our bind the agent would
     * see only the inner hop, from its own origin, and wrongly allow it.)
     */
    @Test
    void destinationConstraintsHoldAcrossOurForwardedHop() throws Exception {
        List<String> kh = new ArrayList<>();
        try (var files = Files.list(dir.resolve("sshd"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("host_.*\\.pub")).sorted().toList()) {
                kh.add("127.0.0.1 " + Files.readString(p).trim());
            }
        }
        Path hostKeys = Files.write(dir.resolve("known_hosts_hops"), kh);
        for (boolean secondHopAllowed : new boolean[] {false, true}) {
            Path agentDir = Files.createDirectories(dir.resolve("agent-hops-" + secondHopAllowed));
            try (OpenSshAgent hops = OpenSshAgent.start(agentDir)) {
                List<String> add = new ArrayList<>(List.of("-H", hostKeys.toString(), "-h", "127.0.0.1"));
                if (secondHopAllowed) {
                    add.addAll(List.of("-h", "127.0.0.1>127.0.0.1"));
                }
                add.add(key.toString());
                OpenSsh.Result added = hops.sshAdd("fwd pass", add.toArray(String[]::new));
                assertEquals(0, added.exit(), added.stderr());
                List<String> cmd = List.of("env", "SSH_AUTH_SOCK=" + hops.socket, ServerCommandTest.LAUNCHER.toString(), "ssh", "-A",
                        "-p", String.valueOf(sshdPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh-hops"),
                        USER + "@127.0.0.1", probe(USER));
                OpenSsh.Result r = OpenSsh.run(cmd, 120);
                assertEquals(secondHopAllowed, r.stdout().contains("second-hop-ok"), r.stdout() + r.stderr() + hops.log());
            }
        }
    }
}
