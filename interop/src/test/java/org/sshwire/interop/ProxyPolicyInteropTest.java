package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * {@code sshwire proxy --policy}, between OpenSSH's ssh and OpenSSH's sshd: a target the user's
 * rule does not allow is refused with a clear message; a forced command runs instead of the one
 * asked for; {@code ssh -L} is refused
 * (administratively prohibited) to a user whose rule allows no forwarding and works for one whose
 * rule allows it; a session time limit ends a session; {@code sshwire proxy sessions} lists a
 * live ssh session and {@code --terminate} ends it. Every refusal and ending is in the audit log.
 */
class ProxyPolicyInteropTest {
    static final Path LAUNCHER = ServerCommandTest.LAUNCHER;

    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static Path userKey;
    static Path dataDir;
    static ProxyInteropTest.Proxy proxy;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        userKey = keygen("user");
        Path upstreamKey = keygen("upstream");
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "AuthorizedKeysFile " + upstreamKey + ".pub", "PermitRootLogin yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = s.getLocalPort();
        }
        sshd = cfg.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
        Path knownHosts = Files.write(dir.resolve("known_hosts"), cfg.knownHostsLines("[127.0.0.1]:" + sshdPort));
        Path routes = Files.write(dir.resolve("routes"), List.of(
                "alice " + route(), "bob " + route(), "carol " + route(), "dave " + route(), "erin " + route(), "mallory root@localhost:" + sshdPort));
        Path policy = Files.write(dir.resolve("policy"), List.of(
                "# defaults: no forwarding",
                "Forwarding none",
                "User alice",
                "    Target root@127.0.0.1",
                "    Forwarding local",
                "User bob",
                "    Target root@127.0.0.1:" + sshdPort,
                "User carol",
                "    Target *@127.0.0.1",
                "    MaxSessionTime 8s",
                "User erin",
                "    ForceCommand echo forced-for-$USER",
                "User mallory",
                "    Target *@127.0.0.1:*"));
        dataDir = dir.resolve("data");
        Path records = dir.resolve("records-policy");
        List<String> cmd = List.of(LAUNCHER.toString(), "proxy", "--listen", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString(), "--authorized-keys", userKey + ".pub",
                "--upstream-identity", upstreamKey.toString(), "--upstream-known-hosts", knownHosts.toString(),
                "--record-dir", records.toString(), "--routes", routes.toString(), "--policy", policy.toString(), "-v");
        proxy = ProxyInteropTest.startProxyProcess(new ProcessBuilder(cmd), dir.resolve("proxy-policy.log"), records);
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (sshd != null) {
            sshd.destroy();
        }
    }

    static Path keygen(String name) {
        return OpenSshAgent.keygen(dir.resolve(name), "ed25519", "");
    }

    static String route() {
        return "root@127.0.0.1:" + sshdPort;
    }

    /** ssh to the bastion as {@code login}, at {@code logLevel} (INFO shows channel-open failures). */
    static List<String> ssh(String login, String logLevel, String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", userKey.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=" + logLevel, "-p", String.valueOf(proxy.port()), "-l", login));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The first line a connection to {@code port} reads (null at EOF), retrying while ssh's listener is not up yet. */
    static String firstLine(int port, Process ssh, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(20_000);
                return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            } catch (java.net.ConnectException e) {
                assertTrue(ssh.isAlive(), () -> "ssh exited: " + ProxyInteropTest.read(log) + proxy.logs());
                Thread.sleep(100); // ssh is still starting its listener
            }
        }
        throw new AssertionError("ssh never listened on " + port + ": " + ProxyInteropTest.read(log));
    }

    static OpenSsh.Result sessions(String... args) {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "proxy", "sessions", "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(args));
        return OpenSsh.run(cmd, 120);
    }

    @Test
    void aTargetTheUsersRuleDoesNotAllowIsRefusedWithAClearMessageAndAudited() throws Exception {
        OpenSsh.Result r = OpenSsh.run(ssh("mallory", "ERROR", "127.0.0.1", "echo should-not-run"), 120);
        assertEquals(255, r.exit(), r.stdout() + r.stderr());
        assertEquals("", r.stdout());
        String why = "mallory may not reach root@localhost:" + sshdPort + " through this bastion";
        assertTrue(r.stderr().contains("sshwire proxy: " + why), r.stderr());
        ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"refused\"") && l.contains("\"login\":\"mallory\"")
                && l.contains(why), "mallory's refusal");

        // A user no rule names is refused everything, though the routes file has a route for him.
        OpenSsh.Result dave = OpenSsh.run(ssh("dave", "ERROR", "127.0.0.1", "echo should-not-run"), 120);
        assertEquals(255, dave.exit(), dave.stdout() + dave.stderr());
        assertTrue(dave.stderr().contains("sshwire proxy: no policy rule for dave on this bastion"), dave.stderr());

        // bob's rule allows this target.
        OpenSsh.Result ok = OpenSsh.run(ssh("bob", "ERROR", "127.0.0.1", "echo bob-through"), 120);
        assertEquals(0, ok.exit(), () -> ok.stdout() + ok.stderr() + proxy.logs());
        assertEquals("bob-through\n", ok.stdout());
    }

    @Test
    void aForcedCommandRunsInsteadOfTheOneAskedFor() throws Exception {
        OpenSsh.Result r = OpenSsh.run(ssh("erin", "ERROR", "127.0.0.1", "cat /etc/shadow"), 120);
        assertEquals(0, r.exit(), () -> r.stdout() + r.stderr() + proxy.logs());
        assertEquals("forced-for-root\n", r.stdout());
        ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"type\":\"exec\"") && l.contains("\"command\":\"echo forced-for-$USER\""),
                "the forced command");
    }

    @Test
    void sshDashLIsAdministrativelyProhibitedForAUserWithoutForwardingAndWorksForOneWithIt() throws Exception {
        int alicePort = freePort();
        Path aliceLog = dir.resolve("ssh-L-alice.log");
        Process alice = new ProcessBuilder(ssh("alice", "INFO", "-N", "-o", "ExitOnForwardFailure=yes",
                "-L", "127.0.0.1:" + alicePort + ":127.0.0.1:" + sshdPort, "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(aliceLog.toFile()).start();
        int bobPort = freePort();
        Path bobLog = dir.resolve("ssh-L-bob.log");
        Process bob = new ProcessBuilder(ssh("bob", "INFO", "-N", "-L", "127.0.0.1:" + bobPort + ":127.0.0.1:" + sshdPort, "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(bobLog.toFile()).start();
        try {
            String banner = firstLine(alicePort, alice, aliceLog);
            assertTrue(banner != null && banner.startsWith("SSH-2.0-OpenSSH"), "alice's forward reached sshd: " + banner);

            // bob's ssh listens, but each connection's channel is refused: the connection ends unanswered.
            String none = firstLine(bobPort, bob, bobLog);
            assertEquals(null, none, "bob's forwarded connection got nothing");
            String why = "local forwarding is not allowed for bob on this bastion";
            ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"channel-refused\"") && l.contains("\"type\":\"direct-tcpip\"")
                    && l.contains(why) && l.contains("\"target\":\"127.0.0.1:" + sshdPort + "\""), "bob's refused forward");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ProxyInteropTest.read(bobLog).contains("administratively prohibited") && System.nanoTime() < deadline) {
                Thread.sleep(100); // ssh logs the failure as it gets it
            }
            String log = ProxyInteropTest.read(bobLog);
            assertTrue(log.contains("open failed: administratively prohibited: sshwire proxy: " + why), log);
        } finally {
            alice.destroy();
            bob.destroy();
            alice.waitFor(20, TimeUnit.SECONDS);
            bob.waitFor(20, TimeUnit.SECONDS);
        }

        // ssh -R is a global request: refused, and ssh says so (ExitOnForwardFailure makes it exit).
        int remotePort = freePort();
        OpenSsh.Result r = OpenSsh.run(ssh("bob", "ERROR", "-N", "-o", "ExitOnForwardFailure=yes",
                "-R", "127.0.0.1:" + remotePort + ":127.0.0.1:" + sshdPort, "127.0.0.1"), 120);
        assertEquals(255, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("remote port forwarding failed for listen port " + remotePort), r.stderr());
        ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"policy-denied\"") && l.contains("\"request\":\"tcpip-forward\"")
                && l.contains("remote forwarding is not allowed for bob on this bastion"), "bob's refused remote forward");
    }

    @Test
    void aSessionTimeLimitEndsTheSessionWithAMessageAndIsAudited() throws Exception {
        // The command would run 100 s; carol's rule gives her connection 8 s (ample for the login and the first line).
        OpenSsh.Result r = OpenSsh.run(ssh("carol", "ERROR", "127.0.0.1", "echo started; sleep 100; echo not-reached"), 120);
        assertNotEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals("started\n", r.stdout(), () -> r.stderr() + proxy.logs());
        assertTrue(r.stderr().contains("sshwire proxy: session time limit of 8s reached"), r.stderr());
        ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"ended\"") && l.contains("session time limit of 8s reached"),
                "the time limit's end");
    }

    @Test
    void proxySessionsListsALiveSshSessionAndTerminateEndsIt() throws Exception {
        try (Stream<Path> files = Files.list(dataDir)) {
            List<Path> sockets = files.filter(p -> p.getFileName().toString().matches("control-[0-9]+\\.sock")).toList();
            assertEquals(1, sockets.size(), sockets.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets.get(0))));
        }
        Path out = dir.resolve("live.out");
        Path err = dir.resolve("live.err");
        Process live = new ProcessBuilder(ssh("alice", "ERROR", "127.0.0.1", "echo live; exec sleep 100"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!ProxyInteropTest.read(out).contains("live") && System.nanoTime() < deadline) {
                assertTrue(live.isAlive(), () -> ProxyInteropTest.read(err) + proxy.logs());
                Thread.sleep(100);
            }
            OpenSsh.Result list = sessions();
            assertEquals(0, list.exit(), list.stderr());
            List<String> rows = list.stdout().lines().toList();
            assertTrue(rows.get(0).matches("ID +LOGIN +CLIENT +ROUTE +STARTED +CHAN +BYTES-UP +BYTES-DOWN"), rows.get(0));
            String row = rows.stream().filter(l -> l.split(" +")[1].equals("alice")).findFirst()
                    .orElseThrow(() -> new AssertionError("no alice in\n" + list.stdout()));
            String[] f = row.split(" +");
            assertTrue(f[2].startsWith("127.0.0.1:"), row);
            assertEquals(route(), f[3], row);
            assertEquals("1", f[5], "one session channel: " + row);
            assertTrue(Long.parseLong(f[7]) >= "live\n".length(), row);

            OpenSsh.Result end = sessions("--terminate", f[0]);
            assertEquals(0, end.exit(), end.stdout() + end.stderr());
            assertEquals("terminated " + f[0] + "\n", end.stdout());
            assertTrue(live.waitFor(30, TimeUnit.SECONDS), "ssh exited once its session was terminated");
            assertNotEquals(0, live.exitValue());
            assertTrue(ProxyInteropTest.read(err).contains("sshwire proxy: terminated by the bastion's operator"), ProxyInteropTest.read(err));
            ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"ended\"") && l.contains("\"connection\":\"" + f[0] + "\"")
                    && l.contains("terminated by the bastion's operator"), "the termination");
            ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"logout\"") && l.contains("\"connection\":\"" + f[0] + "\""),
                    "the terminated connection's logout");
            assertFalse(sessions().stdout().contains(f[0]), "gone from the live view");

            OpenSsh.Result again = sessions("--terminate", f[0]);
            assertEquals(1, again.exit(), again.stdout() + again.stderr());
            assertEquals("sshwire: no live session " + f[0] + " in the bastions using " + dataDir, again.stderr().strip());
        } finally {
            live.destroy();
            live.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
