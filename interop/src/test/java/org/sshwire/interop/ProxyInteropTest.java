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
import org.sshwire.testvectors.Prerequisites;

/**
 * {@code sshwire proxy}, the auditing bastion, between OpenSSH's clients and OpenSSH's sshd: a
 * command, an interactive shell typed through tmux whose asciicast replays with
 * {@code asciinema cat} to the same screen, 64 MiB by sftp with the operations log, {@code ssh -L},
 * {@code ssh -R} and a Unix-socket forward, {@code ssh -A} logging in upstream with the forwarded
 * agent, and refused targets; with {@code --record-sftp-contents} a file put and got by sftp saved
 * both ways with its SHA-256, with {@code --record-forwarded-bytes} an {@code ssh -L} HTTP exchange
 * saved byte-exact.
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

        /** The audit log and the proxy's own log, for failure messages. */
        String logs() {
            Path log = records.resolveSibling("proxy-" + records.getFileName().toString().substring("records-".length()) + ".log");
            return "\naudit:\n" + (Files.exists(audit()) ? read(audit()) : "") + "\nproxy log:\n" + (Files.exists(log) ? read(log) : "");
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
        knownHosts = Files.write(dir.resolve("known_hosts"), cfg.knownHostsLines("[127.0.0.1]:" + sshdPort));
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
        return OpenSshAgent.keygen(dir.resolve(name), "ed25519", "");
    }

    static Proxy startProxy(String name, List<String> extra) throws Exception {
        Path records = dir.resolve("records-" + name);
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "proxy", "--listen", "127.0.0.1", "--port", "0",
                "--data-dir", dir.resolve("data").toString(), "--authorized-keys", userKey + ".pub",
                "--upstream-known-hosts", knownHosts.toString(), "--record-dir", records.toString()));
        cmd.addAll(extra);
        cmd.add("-v"); // its log, kept beside the records, tells what went wrong upstream
        return startProxyProcess(new ProcessBuilder(cmd), dir.resolve("proxy-" + name + ".log"), records);
    }

    /** Starts {@code sshwire proxy} as {@code pb} says, waits for its "listening on" line and keeps its output in {@code log}. */
    static Proxy startProxyProcess(ProcessBuilder pb, Path log, Path records) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
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
                Thread drain = new Thread(() -> r.lines().forEach(l -> {
                    try {
                        Files.writeString(log, l + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }), "proxy-output");
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
        assertEquals(3, r.exit(), () -> r.stdout() + r.stderr() + proxy.logs());
        assertEquals("through-the-bastion\n", r.stdout());
        assertEquals("to-stderr\n", r.stderr());
        String audit = awaitAudit(proxy, l -> l.contains("\"event\":\"channel-close\"") && l.contains("through-the-bastion"), "the command's close");
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"event\":\"login\"") && l.contains("\"route\":\"" + route() + "\"")), audit);
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"type\":\"exec\"") && l.contains("\"accepted\":true")
                && l.contains("\"command\":\"echo through-the-bastion; echo to-stderr >&2; exit 3\"")), audit);
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"event\":\"channel-close\"") && l.contains("\"exit\":\"3\"")
                && l.contains("\"bytesToClient\":30")), audit);
    }

    @Test
    void anInteractiveShellTypedThroughTmuxIsRecordedAndReplaysWithAsciinemaToTheSameScreen() throws Exception {
        Prerequisites.tool(ASCIINEMA, "asciinema");
        List<String> ssh = ssh(proxy, route(), "-tt", "127.0.0.1");
        String screen;
        try (Tmux t = Tmux.start(dir, 100, 30, Tmux.shellLine(ssh) + "; sleep 600")) {
            // Typed only once the remote shell prompts: before ssh is up, the local terminal would
            // echo the keys itself, and that echo is no part of the session.
            t.awaitLine(l -> l.stripTrailing().endsWith("#"), "the remote shell's prompt");
            t.awaitAnswer("echo $((6*7))", "42");
            t.type("printf 'line %s\\n' one two", "Enter");
            t.awaitLine(l -> l.strip().equals("line two"), "printf's second line");
            t.type("exit", "Enter");
            // The relay records each chunk before passing it on: what the screen shows is in the file.
            screen = t.awaitLine(l -> l.strip().equals("logout"), "the shell's logout");
            String audit = awaitAudit(proxy, l -> l.contains("\"type\":\"pty-req\"") && l.contains("\"size\":\"100x30\""), "the pty");
            assertTrue(audit.lines().anyMatch(l -> l.contains("\"type\":\"shell\"") && l.contains("-session.cast")), audit);
        }
        Path cast;
        try (Stream<Path> files = Files.walk(proxy.records())) {
            cast = files.filter(p -> p.toString().endsWith("-session.cast"))
                    .filter(p -> read(p).contains("line %s")).findFirst().orElseThrow(() -> new AssertionError("no asciicast with the typed line"));
        }
        String header = Files.readAllLines(cast).get(0);
        assertTrue(header.startsWith("{\"version\":2,\"width\":100,\"height\":30,"), header);
        assertTrue(Files.readAllLines(cast).stream().anyMatch(l -> l.matches("\\[[0-9.]+, \"i\", \".+")), "input events recorded");

        // asciinema cat (which wants a terminal) replays it on one of the same size: the screen is
        // what the user's terminal showed.
        List<String> expected = text(screen);
        try (Tmux replay = Tmux.start(dir, 100, 30, "'" + ASCIINEMA + "' cat '" + cast + "'; sleep 600")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> shown = text(replay.screen());
            while (!shown.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                shown = text(replay.screen());
            }
            assertEquals(expected, shown);
        }
    }

    /** A captured screen's lines without trailing blanks, and without the blank lines at its end. */
    static List<String> text(String screen) {
        List<String> lines = new ArrayList<>(screen.lines().map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sftpThroughTheProxyTransfers64MiBByteExactAndTheOperationsLogNamesTheFile() throws Exception {
        byte[] data = new byte[64 << 20];
        new Random(20).nextBytes(data);
        Path local = Files.write(dir.resolve("upload.bin"), data);
        Path remote = dir.resolve("uploaded.bin");
        Path back = dir.resolve("downloaded.bin");
        Path batch = Files.write(dir.resolve("sftp-batch"), List.of("put " + local + " " + remote, "get " + remote + " " + back));
        List<String> sftp = new ArrayList<>(List.of("/usr/bin/sftp", "-F", "/dev/null", "-i", userKey.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-P", String.valueOf(proxy.port()), "-o", "User=" + route(),
                "-b", batch.toString(), "127.0.0.1"));
        OpenSsh.Result r = OpenSsh.run(sftp, 300);
        assertEquals(0, r.exit(), () -> r.stdout() + r.stderr() + proxy.logs());
        assertArrayEquals(data, Files.readAllBytes(remote));
        assertArrayEquals(data, Files.readAllBytes(back));

        awaitAudit(proxy, l -> l.contains("\"event\":\"channel-close\"") && l.contains("\"bytesToUpstream\":" ) && l.contains("\"type\":\"session\"")
                && Long.parseLong(l.replaceAll(".*\"bytesToUpstream\":([0-9]+).*", "$1")) > data.length, "the sftp session's close");
        String ops;
        try (Stream<Path> files = Files.walk(proxy.records())) {
            ops = files.filter(p -> p.toString().endsWith(".sftp.jsonl")).map(ProxyInteropTest::read)
                    .filter(t -> t.contains(remote.toString())).findFirst().orElseThrow(() -> new AssertionError("no SFTP log names " + remote));
        }
        assertTrue(ops.lines().anyMatch(l -> l.contains("\"op\":\"open\",\"path\":\"" + remote + "\",\"flags\":\"write,create,truncate\"")), ops);
        assertTrue(ops.lines().anyMatch(l -> l.contains("\"op\":\"close\",\"path\":\"" + remote + "\",\"bytesRead\":0,\"bytesWritten\":" + data.length + ",")), ops);
        assertTrue(ops.lines().anyMatch(l -> l.contains("\"op\":\"close\",\"path\":\"" + remote + "\",\"bytesRead\":" + data.length + ",\"bytesWritten\":0,")), ops);
    }

    @Test
    void sshDashLThroughTheProxyReachesTheTargetFromTheUpstream() throws Exception {
        int localPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            localPort = s.getLocalPort();
        }
        Process fwd = new ProcessBuilder(ssh(proxy, route(), "-N", "-o", "ExitOnForwardFailure=yes",
                "-L", "127.0.0.1:" + localPort + ":127.0.0.1:" + sshdPort, "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ssh-L.log").toFile()).start();
        try {
            String banner = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (banner == null && System.nanoTime() < deadline) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), localPort)) {
                    s.setSoTimeout(20_000);
                    banner = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                } catch (java.net.ConnectException e) {
                    assertTrue(fwd.isAlive(), () -> "ssh -L exited: " + read(dir.resolve("ssh-L.log")));
                    Thread.sleep(100); // ssh is still starting its listener
                }
            }
            assertTrue(banner != null && banner.startsWith("SSH-2.0-OpenSSH"), "the forwarded connection reached sshd: " + banner);
        } finally {
            fwd.destroy();
            fwd.waitFor(20, TimeUnit.SECONDS);
        }
        awaitAudit(proxy, l -> l.contains("\"type\":\"direct-tcpip\"") && l.contains("\"target\":\"127.0.0.1:" + sshdPort + "\""),
                "the forwarded connection's target");
    }

    @Test
    void sshDashRThroughTheProxyListensUpstreamAndItsConnectionsComeBackToTheClient() throws Exception {
        int remotePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            remotePort = s.getLocalPort();
        }
        // sshd listens on remotePort; each connection there comes back through the bastion to
        // this ssh, which connects it to sshd's own port: the banner proves the whole way round.
        Process fwd = new ProcessBuilder(ssh(proxy, route(), "-N", "-o", "ExitOnForwardFailure=yes",
                "-R", "127.0.0.1:" + remotePort + ":127.0.0.1:" + sshdPort, "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ssh-R.log").toFile()).start();
        try {
            String banner = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (banner == null && System.nanoTime() < deadline) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), remotePort)) {
                    s.setSoTimeout(20_000);
                    banner = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                } catch (java.net.ConnectException e) {
                    assertTrue(fwd.isAlive(), () -> "ssh -R exited: " + read(dir.resolve("ssh-R.log")) + proxy.logs());
                    Thread.sleep(100); // the forward is not set up yet
                }
            }
            assertTrue(banner != null && banner.startsWith("SSH-2.0-OpenSSH"), "the remote-forwarded connection reached sshd: " + banner);
        } finally {
            fwd.destroy();
            fwd.waitFor(20, TimeUnit.SECONDS);
        }
        String audit = awaitAudit(proxy, l -> l.contains("\"type\":\"forwarded-tcpip\"") && l.contains("\"by\":\"upstream\"")
                && l.contains("\"listen\":\"127.0.0.1:" + remotePort + "\""), "the forwarded-tcpip channel");
        assertTrue(audit.lines().anyMatch(l -> l.contains("\"name\":\"tcpip-forward\"") && l.contains("\"accepted\":true")
                && l.contains("\"listen\":\"127.0.0.1:" + remotePort + "\"")), audit);
    }

    @Test
    void aUnixSocketForwardThroughTheProxyCarriesThreeMebibytesBothWaysByteExact() throws Exception {
        Path remote = dir.resolve("upstream-echo.sock");
        Path local = dir.resolve("local.sock");
        try (java.nio.channels.ServerSocketChannel echo = UnixSockets.echo(remote)) {
            Process fwd = new ProcessBuilder(ssh(proxy, route(), "-N", "-o", "ExitOnForwardFailure=yes",
                    "-L", local + ":" + remote, "127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ssh-L-unix.log").toFile()).start();
            try {
                assertEquals(UnixSockets.expected(3 << 20, 11), UnixSockets.roundTrip(local, 3 << 20, 11),
                        () -> read(dir.resolve("ssh-L-unix.log")) + proxy.logs());
            } finally {
                fwd.destroy();
                fwd.waitFor(20, TimeUnit.SECONDS);
            }
        }
        awaitAudit(proxy, l -> l.contains("\"type\":\"direct-streamlocal@openssh.com\"") && l.contains("\"target\":\"" + remote + "\""),
                "the Unix-socket forward's target");
    }

    @Test
    void sshDashALogsInUpstreamWithTheForwardedAgentAndWithoutItTheUserIsToldWhy() throws Exception {
        try (OpenSshAgent agent = OpenSshAgent.start(Files.createDirectories(dir.resolve("agent")));
             Proxy agentOnly = startProxy("agent-only", List.of())) {
            OpenSsh.Result add = agent.sshAdd("agent pass", agentKey.toString());
            assertEquals(0, add.exit(), add.stderr());
            String fingerprint = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-lf", agentKey + ".pub"), 30).stdout().split(" ")[1];
            List<String> cmd = new ArrayList<>(List.of("env", "SSH_AUTH_SOCK=" + agent.socket));
            cmd.addAll(ssh(agentOnly, route(), "-A", "127.0.0.1", "ssh-add -l; echo agent-login-ok"));
            OpenSsh.Result r = OpenSsh.run(cmd, 120);
            assertEquals(0, r.exit(), () -> r.stdout() + r.stderr() + agentOnly.logs());
            assertTrue(r.stdout().contains(fingerprint), r.stdout());
            assertTrue(r.stdout().contains("agent-login-ok\n"), r.stdout());

            // Without -A this bastion has nothing to log in upstream with, and says so.
            List<String> plain = new ArrayList<>(List.of("env", "SSH_AUTH_SOCK=" + agent.socket));
            plain.addAll(ssh(agentOnly, route(), "127.0.0.1", "echo should-not-run"));
            OpenSsh.Result refused = OpenSsh.run(plain, 120);
            assertEquals(255, refused.exit(), refused.stdout() + refused.stderr());
            assertTrue(refused.stderr().contains("sshwire proxy: cannot log in to " + route() + ": "), refused.stderr());
            assertTrue(!refused.stdout().contains("should-not-run"), refused.stdout());
        }
    }

    @Test
    void aTargetOrCommandThePolicyDoesNotAllowAndAnUnknownUpstreamHostKeyAreRefusedWithAClearMessage() throws Exception {
        Path routes = Files.write(dir.resolve("routes"), List.of("# login  route", "alice " + route()));
        try (Proxy routed = startProxy("routed", List.of("--upstream-identity", upstreamKey.toString(), "--routes", routes.toString(),
                "--allow-command", "echo routed-\\$USER|uptime"))) {
            OpenSsh.Result ok = OpenSsh.run(ssh(routed, "alice", "127.0.0.1", "echo routed-$USER"), 120);
            assertEquals(0, ok.exit(), () -> ok.stdout() + ok.stderr() + routed.logs());
            assertEquals("routed-root\n", ok.stdout());

            OpenSsh.Result denied = OpenSsh.run(ssh(routed, "bob", "127.0.0.1", "echo should-not-run"), 120);
            assertEquals(255, denied.exit(), denied.stdout() + denied.stderr());
            assertTrue(denied.stderr().contains("sshwire proxy: no route for bob on this bastion"), denied.stderr());
            awaitAudit(routed, l -> l.contains("\"event\":\"refused\"") && l.contains("\"login\":\"bob\""), "bob's refusal");

            // A command the policy does not allow, and a shell, are refused with the reason.
            OpenSsh.Result command = OpenSsh.run(ssh(routed, "alice", "127.0.0.1", "cat /etc/shadow"), 120);
            assertEquals(255, command.exit(), command.stdout() + command.stderr());
            assertEquals("", command.stdout());
            assertTrue(command.stderr().contains("sshwire proxy: command 'cat /etc/shadow' is not allowed for alice on this bastion"),
                    command.stderr());
            OpenSsh.Result shell = OpenSsh.run(ssh(routed, "alice", "-tt", "127.0.0.1"), "exit\n".getBytes(StandardCharsets.UTF_8), 120);
            assertEquals(255, shell.exit(), shell.stdout() + shell.stderr());
            assertTrue((shell.stdout() + shell.stderr()).contains("sshwire proxy: interactive shells are not allowed for alice on this bastion"),
                    shell.stdout() + shell.stderr());
        }
        // localhost is not in the bastion's known_hosts (only [127.0.0.1]:port is).
        String unknown = "root@localhost:" + sshdPort;
        OpenSsh.Result r = OpenSsh.run(ssh(proxy, unknown, "127.0.0.1", "echo should-not-run"), 120);
        assertEquals(255, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("sshwire proxy: cannot log in to " + unknown + ":"), r.stderr());
        assertTrue(r.stderr().toLowerCase(java.util.Locale.ROOT).contains("host key"), r.stderr());
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The value of a string or number field of a flat JSON line (the logs' own shape). */
    static String field(String line, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(line);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void withRecordSftpContentsAFilePutAndGotThroughTheProxyIsSavedBothWaysWithItsSha256() throws Exception {
        byte[] data = new byte[5 << 20];
        new Random(21).nextBytes(data);
        Path local = Files.write(dir.resolve("contents-up.bin"), data);
        Path remote = dir.resolve("contents-remote.bin");
        Path back = dir.resolve("contents-back.bin");
        Path batch = Files.write(dir.resolve("sftp-contents-batch"), List.of("put " + local + " " + remote, "get " + remote + " " + back));
        try (Proxy recording = startProxy("sftp-contents", List.of("--upstream-identity", upstreamKey.toString(), "--record-sftp-contents"))) {
            List<String> sftp = new ArrayList<>(List.of("/usr/bin/sftp", "-F", "/dev/null", "-i", userKey.toString(),
                    "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-P", String.valueOf(recording.port()), "-o", "User=" + route(),
                    "-b", batch.toString(), "127.0.0.1"));
            OpenSsh.Result r = OpenSsh.run(sftp, 300);
            assertEquals(0, r.exit(), () -> r.stdout() + r.stderr() + recording.logs());
            assertArrayEquals(data, Files.readAllBytes(back));
            awaitAudit(recording, l -> l.contains("\"event\":\"channel-close\"") && l.contains("\"type\":\"session\""), "the sftp session's close");

            Path log;
            try (Stream<Path> files = Files.walk(recording.records())) {
                log = files.filter(p -> p.toString().endsWith(".sftp.jsonl")).filter(p -> read(p).contains(remote.toString()))
                        .findFirst().orElseThrow(() -> new AssertionError("no SFTP log names " + remote + recording.logs()));
            }
            // The contents lines come once the recorder's writer has the bytes on disk.
            String contentsOf = "\"op\":\"contents\",\"path\":\"" + remote + "\",\"way\":\"";
            String ops = read(log);
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                 !(ops.contains(contentsOf + "write") && ops.contains(contentsOf + "read")) && System.nanoTime() < deadline; ops = read(log)) {
                Thread.sleep(100);
            }
            String all = ops;
            String put = all.lines().filter(l -> l.contains(contentsOf + "write"))
                    .findFirst().orElseThrow(() -> new AssertionError("no contents line of the upload: " + all));
            String get = all.lines().filter(l -> l.contains(contentsOf + "read"))
                    .findFirst().orElseThrow(() -> new AssertionError("no contents line of the download: " + all));
            assertTrue(all.lines().anyMatch(l -> l.contains("\"op\":\"close\",\"path\":\"" + remote + "\"")
                    && l.contains("\"writeContents\":\"" + field(put, "contents") + "\"")), all);
            String expected = sha256(data);
            assertEquals(expected, field(put, "sha256"), put);
            assertEquals(expected, field(get, "sha256"), get);
            Path written = log.getParent().resolve(field(put, "contents"));
            Path read = log.getParent().resolve(field(get, "contents"));
            assertEquals("contents-remote.bin", written.getFileName().toString().replaceFirst("^[0-9]+-write-", ""), put);
            assertEquals(expected, sha256(Files.readAllBytes(written)), "the saved upload is the file");
            assertEquals(expected, sha256(Files.readAllBytes(read)), "the saved download is the file");
            assertTrue(!all.contains("contents-stopped") && !all.contains("\"incomplete\""), all);
        }
    }

    @Test
    void withRecordForwardedBytesAnSshDashLExchangeIsSavedByteExactBothWays() throws Exception {
        byte[] request = "GET /report HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[200_000];
        new Random(22).nextBytes(body);
        java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
        response.write(("HTTP/1.0 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        response.write(body);
        byte[] reply = response.toByteArray();
        int localPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            localPort = s.getLocalPort();
        }
        try (ServerSocket web = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Proxy recording = startProxy("forward-bytes", List.of("--upstream-identity", upstreamKey.toString(), "--record-forwarded-bytes"))) {
            web.setSoTimeout(60_000);
            // A one-shot HTTP/1.0 server upstream: reads the request's head, answers, closes.
            Thread server = new Thread(() -> {
                try (Socket c = web.accept()) {
                    java.io.InputStream in = c.getInputStream();
                    for (int state = 0; state < 4; ) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        state = (b == (state % 2 == 0 ? '\r' : '\n')) ? state + 1 : (b == '\r' ? 1 : 0);
                    }
                    c.getOutputStream().write(reply);
                } catch (java.io.IOException e) {
                    // the client's side reports what it did not get
                }
            }, "web");
            server.setDaemon(true);
            server.start();
            Process fwd = new ProcessBuilder(ssh(recording, route(), "-N", "-o", "ExitOnForwardFailure=yes",
                    "-L", "127.0.0.1:" + localPort + ":127.0.0.1:" + web.getLocalPort(), "127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ssh-L-bytes.log").toFile()).start();
            byte[] got = null;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (got == null && System.nanoTime() < deadline) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), localPort)) {
                        s.setSoTimeout(30_000);
                        s.getOutputStream().write(request);
                        got = s.getInputStream().readAllBytes();
                    } catch (java.net.ConnectException e) {
                        assertTrue(fwd.isAlive(), () -> "ssh -L exited: " + read(dir.resolve("ssh-L-bytes.log")));
                        Thread.sleep(100); // ssh is still starting its listener
                    }
                }
                assertArrayEquals(reply, got, () -> read(dir.resolve("ssh-L-bytes.log")) + recording.logs());
            } finally {
                fwd.destroy();
                fwd.waitFor(20, TimeUnit.SECONDS);
            }
            String audit = awaitAudit(recording, l -> l.contains("\"event\":\"channel-close\"") && l.contains("\"type\":\"direct-tcpip\"")
                    && l.contains("\"fromUpstreamSha256\""), "the forwarded channel's close with its saved bytes");
            String close = audit.lines().filter(l -> l.contains("\"event\":\"channel-close\"") && l.contains("\"type\":\"direct-tcpip\"")).findFirst().orElseThrow();
            String open = audit.lines().filter(l -> l.contains("\"event\":\"channel-open\"") && l.contains("\"type\":\"direct-tcpip\"")).findFirst().orElseThrow();
            Path fromClient = recording.records().resolve(field(open, "fromClient"));
            Path fromUpstream = recording.records().resolve(field(open, "fromUpstream"));
            assertArrayEquals(request, Files.readAllBytes(fromClient), open);
            assertArrayEquals(reply, Files.readAllBytes(fromUpstream), open);
            assertEquals(sha256(request), field(close, "fromClientSha256"), close);
            assertEquals(sha256(reply), field(close, "fromUpstreamSha256"), close);
        }
    }
}
