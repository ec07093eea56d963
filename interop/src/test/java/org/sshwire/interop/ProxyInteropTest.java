package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * {@code sshwire proxy}, the auditing bastion, between OpenSSH's clients and OpenSSH's sshd: a
 * command, an interactive shell typed through tmux whose asciicast replays with
 * {@code asciinema cat} to the same screen, 64 MiB by sftp with the operations log, {@code ssh -L},
 * {@code ssh -A} logging in upstream with the forwarded agent, and refused targets.
 */
class ProxyInteropTest {
    static final Path LAUNCHER = ServerCommandTest.LAUNCHER;
    static final Path ASCIINEMA = Path.of("/usr/bin/asciinema");

    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static Path userKey;
    static Path upstreamKey;
    static Path agentKey;
    static Path knownHosts;
    static Proxy proxy;

    /** A running {@code sshwire proxy}, its printed lines, its port and record directory. */
    record Proxy(Process process, List<String> lines, int port, Path records) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "proxy stopped on SIGTERM");
        }

        Path audit() {
            return records.resolve("audit.jsonl");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        userKey = keygen("user");
        upstreamKey = keygen("upstream");
        agentKey = OpenSshAgent.keygen(dir.resolve("agent_key"), "ed25519", "agent pass");
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "AuthorizedKeysFile " + upstreamKey + ".pub " + agentKey + ".pub", "PermitRootLogin yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "SetEnv SHLVL=1",
                "Subsystem sftp /usr/lib/openssh/sftp-server"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = s.getLocalPort();
        }
        sshd = cfg.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
        // The bastion's known_hosts: every host key of that sshd, for [127.0.0.1]:port only.
        List<String> known = new ArrayList<>();
        try (Stream<Path> keys = Files.list(cfg.dir)) {
            for (Path pub : keys.filter(p -> p.getFileName().toString().matches("host_.*\\.pub")).sorted().toList()) {
                String[] f = Files.readString(pub).strip().split(" ");
                known.add("[127.0.0.1]:" + sshdPort + " " + f[0] + " " + f[1]);
            }
        }
        knownHosts = Files.write(dir.resolve("known_hosts"), known);
        proxy = startProxy("main", List.of("--upstream-identity", upstreamKey.toString()));
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
        Path key = dir.resolve(name);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30);
        assertEquals(0, r.exit(), r.stderr());
        return key;
    }

    static Proxy startProxy(String name, List<String> extra) throws Exception {
        Path records = dir.resolve("records-" + name);
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "proxy", "--listen", "127.0.0.1", "--port", "0",
                "--data-dir", dir.resolve("data").toString(), "--authorized-keys", userKey + ".pub",
                "--upstream-known-hosts", knownHosts.toString(), "--record-dir", records.toString()));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // may build the CLI first
        while (System.nanoTime() < deadline) {
            String line = r.readLine();
            if (line == null) {
                throw new AssertionError("proxy exited: " + lines);
            }
            lines.add(line);
            if (line.startsWith("listening on ")) {
                // Keep draining its output so the proxy never blocks on a full pipe.
                Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "proxy-output");
                drain.setDaemon(true);
                drain.start();
                return new Proxy(p, lines, Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)), records);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("no 'listening on' line: " + lines);
    }

    static String route() {
        return "root@127.0.0.1:" + sshdPort;
    }

    static List<String> ssh(Proxy p, String login, String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", userKey.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-p", String.valueOf(p.port()), "-l", login));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits (up to 30 s) until some line of the audit log satisfies {@code line}; returns the log. */
    static String awaitAudit(Proxy p, Predicate<String> line, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String log = "";
        while (System.nanoTime() < deadline) {
            log = Files.exists(p.audit()) ? Files.readString(p.audit()) : "";
            if (log.lines().anyMatch(line)) {
                return log;
            }
            Thread.sleep(100); // the relay writes as the channel closes, after the client saw the end
        }
        throw new AssertionError("the audit log never showed " + what + ":\n" + log);
    }

    @Test
    void aCommandThroughTheProxyGivesItsOutputAndExitStatusAndIsAudited() throws Exception {
        OpenSsh.Result r = OpenSsh.run(ssh(proxy, route(), "127.0.0.1", "echo through-the-bastion; echo to-stderr >&2; exit 3"), 120);
        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        assertEquals("through-the-bastion\n", r.stdout());
        assertEquals("to-stderr\n", r.stderr());
        String audit = awaitAudit(proxy, l -> l.contains("\"event\":\"channel-close\"") && l.contains("through-the-bastion"), "the command's close");
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"event\":\"login\"") && l.contains("\"route\":\"" + route() + "\"")), audit);
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"type\":\"exec\"") && l.contains("\"accepted\":true")
                && l.contains("\"command\":\"echo through-the-bastion; echo to-stderr >&2; exit 3\"")), audit);
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"event\":\"channel-close\"") && l.contains("\"exit\":\"3\"")
                && l.contains("\"bytesToClient\":30")), audit);
    }
}
