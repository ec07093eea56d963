package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * {@code sshwire ssh}'s client flags against live peers: {@code -J} chains through OpenSSH's
 * sshd and {@code sshwire server} (both orders), {@code -W} as OpenSSH's ProxyCommand, {@code -D}
 * for curl, {@code -v}, the auth banner, and {@code sshwire sftp}'s destination forms — each
 * compared with what OpenSSH's own ssh / sftp print against the same sshd where they overlap.
 */
class ClientFlagsInteropTest {
    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static Process sshwireServer;
    static int sshwirePort;
    static Path key;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30).exit());
        Path sshdDir = Files.createDirectories(dir.resolve("sshd"));
        // A control sequence in the banner: ssh shows it escaped (\033), and so must we.
        Path banner = Files.writeString(sshdDir.resolve("banner"), "Authorized use only.\n\u001b[1mSecond\u001b[0m line.\n");
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(sshdDir, List.of("AuthorizedKeysFile " + key + ".pub",
                "PermitRootLogin prohibit-password", "AllowTcpForwarding yes", "Banner " + banner,
                "Subsystem sftp internal-sftp"));
        sshdPort = SshServerInteropTest.freePort();
        sshd = cfg.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();

        ProcessBuilder pb = new ProcessBuilder(ServerCommandTest.LAUNCHER.toString(), "server", "-p", "0",
                "-o", "StrictModes=no", "-o", "AllowTcpForwarding=yes", "--data-dir", dir.resolve("data").toString(),
                "--authorized-keys", key + ".pub").redirectErrorStream(true);
        sshwireServer = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(sshwireServer.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
            if (line.startsWith("listening on ")) {
                sshwirePort = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
                break;
            }
        }
        assertTrue(sshwirePort > 0, "no 'listening on' line: " + lines);
        Thread drain = new Thread(() -> {
            try {
                r.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the server stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.destroy();
        }
        if (sshwireServer != null) {
            sshwireServer.destroy();
            sshwireServer.waitFor(20, TimeUnit.SECONDS);
        }
    }

    static String user() {
        return System.getProperty("user.name");
    }

    /**
     * {@code sshwire ssh} with our key and the given known_hosts file, set in an ssh_config file
     * ({@code -F}) as well as on the command line: jump hosts read the file only, as in OpenSSH
     * (the {@code ssh -W} it runs per hop gets {@code -F} but no {@code -o}), so a StrictHostKeyChecking
     * given with {@code -o} goes into the file too.
     */
    static List<String> sshwire(Path knownHosts, String... args) {
        StringBuilder conf = new StringBuilder("Host *\n  IdentityFile " + key + "\n  UserKnownHostsFile " + knownHosts + "\n");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-o") && args[i + 1].startsWith("StrictHostKeyChecking=")) {
                conf.append("  StrictHostKeyChecking ").append(args[i + 1].substring("StrictHostKeyChecking=".length())).append('\n');
            }
        }
        Path file = knownHosts.resolveSibling(knownHosts.getFileName() + "-" + Integer.toHexString(conf.toString().hashCode()) + ".conf");
        try {
            Files.writeString(file, conf);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", file.toString(), "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + knownHosts));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String hop(int port) {
        return user() + "@127.0.0.1:" + port;
    }

    @Test
    void jumpThroughSshdToSshwireServerAndTheReverseRunACommandLearningEachHostKey() throws Exception {
        Path kh = dir.resolve("kh-J");
        OpenSsh.Result viaSshd = OpenSsh.run(sshwire(kh, "-o", "StrictHostKeyChecking=accept-new", "-J", hop(sshdPort),
                "-p", String.valueOf(sshwirePort), user() + "@127.0.0.1", "echo through-sshd"), 120);
        assertEquals(0, viaSshd.exit(), viaSshd.stderr());
        assertEquals("through-sshd\n", viaSshd.stdout());
        OpenSsh.Result viaSshwire = OpenSsh.run(sshwire(kh, "-J", "ssh://" + hop(sshwirePort),
                "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "echo through-sshwire"), 120);
        assertEquals(0, viaSshwire.exit(), viaSshwire.stderr());
        assertEquals("through-sshwire\n", viaSshwire.stdout());
        // Both hosts were learnt under their own [host]:port names on the first run, so the second
        // (default StrictHostKeyChecking) trusted each from known_hosts.
        String known = Files.readString(kh);
        assertTrue(known.contains("[127.0.0.1]:" + sshdPort + " "), known);
        assertTrue(known.contains("[127.0.0.1]:" + sshwirePort + " "), known);
        // Two hops: sshd, then sshwire server, then sshd again as the target.
        OpenSsh.Result twoHops = OpenSsh.run(sshwire(kh, "-J", hop(sshdPort) + "," + hop(sshwirePort),
                "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "echo two-hops"), 120);
        assertEquals(0, twoHops.exit(), twoHops.stderr());
        assertEquals("two-hops\n", twoHops.stdout());
        // sftp takes -J too: sshwire server as the hop, sshd's internal-sftp at the end.
        List<String> ssh = sshwire(kh); // its -F file names the key and known_hosts for the hop too
        String conf = ssh.get(ssh.indexOf("-F") + 1);
        OpenSsh.Result sftp = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "sftp", "-F", conf, "-q", "-b", "-", "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + kh, "-J", hop(sshwirePort), "-P", String.valueOf(sshdPort), user() + "@127.0.0.1"),
                "lcd /\n".getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(0, sftp.exit(), sftp.stderr());
        assertEquals("sftp> lcd /\n", sftp.stdout());
    }

    @Test
    void aJumpHostWhoseKeyIsUnknownStopsTheChainUnderStrictChecking() throws Exception {
        Path kh = dir.resolve("kh-J-strict");
        // The target is known, the hop is not: StrictHostKeyChecking=yes refuses the hop by its own name.
        OpenSsh.Result learn = OpenSsh.run(sshwire(kh, "-o", "StrictHostKeyChecking=accept-new", "-p", String.valueOf(sshwirePort),
                user() + "@127.0.0.1", "true"), 120);
        assertEquals(0, learn.exit(), learn.stderr());
        OpenSsh.Result r = OpenSsh.run(sshwire(kh, "-o", "StrictHostKeyChecking=yes", "-J", hop(sshdPort),
                "-p", String.valueOf(sshwirePort), user() + "@127.0.0.1", "echo never"), 120);
        assertEquals(255, r.exit(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("host key for [127.0.0.1]:" + sshdPort + " is not known"), r.stderr());
    }

    @Test
    void badJumpSpecificationsAreRefusedBeforeConnecting() {
        for (String bad : List.of("host:0", "host:x", "@host", "[::1", "ssh://host/path", "a,,b")) {
            OpenSsh.Result r = OpenSsh.run(sshwire(dir.resolve("kh-bad"), "-J", bad, "127.0.0.1", "true"), 120);
            assertEquals(255, r.exit(), bad + ": " + r.stderr());
            assertTrue(r.stderr().contains("invalid -J argument"), bad + ": " + r.stderr());
        }
    }

    @Test
    void stdioForwardServesAsOpenSshsProxyCommand() throws Exception {
        Path kh = dir.resolve("kh-W");
        String proxy = String.join(" ", sshwire(kh, "-o", "StrictHostKeyChecking=accept-new", "-p", String.valueOf(sshdPort),
                "-W", "%h:%p", user() + "@127.0.0.1"));
        for (int target : new int[] {sshwirePort, sshdPort}) {
            OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", key.toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "-o", "LogLevel=ERROR", "-o", "ProxyCommand=" + proxy, "-p", String.valueOf(target), user() + "@127.0.0.1",
                    "echo proxied"), 120);
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("proxied\n", r.stdout());
        }
        // A target the server cannot reach: ssh's "stdio forwarding failed", exit 255.
        int closed = SshServerInteropTest.freePort();
        OpenSsh.Result refused = OpenSsh.run(sshwire(kh, "-p", String.valueOf(sshdPort), "-W", "127.0.0.1:" + closed,
                user() + "@127.0.0.1"), 120);
        assertEquals(255, refused.exit(), refused.stderr());
        assertTrue(refused.stderr().contains("stdio forwarding failed"), refused.stderr());
    }

    /** A tiny HTTP server on 127.0.0.1 answering every GET with a fixed body. */
    static com.sun.net.httpserver.HttpServer httpServer(String body) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 10);
        http.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (java.io.OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        http.start();
        return http;
    }

    /** Waits until something listens on 127.0.0.1:port (the forward is up). */
    static void awaitListening(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.net.ConnectException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on " + port + " (client alive: " + p.isAlive() + ")");
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void dynamicForwardServesCurlsSocks5HostnameAndSocks4aThroughSshd() throws Exception {
        OpenSsh.require(Path.of("/usr/bin/curl"));
        com.sun.net.httpserver.HttpServer http = httpServer("hello through socks\n");
        int socks = SshServerInteropTest.freePort();
        Process p = new ProcessBuilder(sshwire(dir.resolve("kh-D"), "-o", "StrictHostKeyChecking=accept-new",
                "-p", String.valueOf(sshdPort), "-N", "-D", "127.0.0.1:" + socks, user() + "@127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ssh-D.log").toFile()).start();
        try {
            awaitListening(socks, p);
            // "localhost" travels as a name: sshd resolves it, not curl.
            String url = "http://localhost:" + http.getAddress().getPort() + "/";
            for (String mode : List.of("--socks5-hostname", "--socks4a", "--socks5", "--socks4")) {
                OpenSsh.Result r = OpenSsh.run(List.of("/usr/bin/curl", "-sS", "--max-time", "60", mode, "127.0.0.1:" + socks, url), 90);
                assertEquals(0, r.exit(), mode + ": " + r.stderr());
                assertEquals("hello through socks\n", r.stdout(), mode);
            }
            // A port nobody listens on: sshd's connect fails and curl hears SOCKS5 "connection refused" (0x05).
            int closed = SshServerInteropTest.freePort();
            OpenSsh.Result refused = OpenSsh.run(List.of("/usr/bin/curl", "-sS", "--max-time", "60", "--socks5-hostname",
                    "127.0.0.1:" + socks, "http://localhost:" + closed + "/"), 90);
            assertEquals(97, refused.exit(), refused.stderr()); // CURLE_PROXY
            assertTrue(refused.stderr().contains("SOCKS5 connection to localhost. (5)"), refused.stderr()); // curl 7.88 names the reply code
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            http.stop(0);
        }
    }

    /** known_hosts holding the sshd's key, learnt once, so later runs print no "Permanently added" line. */
    static Path sshdKnown() {
        Path kh = dir.resolve("kh-sshd");
        if (!Files.exists(kh)) {
            OpenSsh.Result r = OpenSsh.run(sshwire(kh, "-q", "-o", "StrictHostKeyChecking=accept-new", "-p", String.valueOf(sshdPort),
                    user() + "@127.0.0.1", "true"), 120);
            assertEquals(0, r.exit(), r.stderr());
        }
        return kh;
    }

    static List<String> openssh(String tool, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tool, "-F", "/dev/null", "-i", key.toString(), "-o", "BatchMode=yes",
                "-o", "UserKnownHostsFile=" + sshdKnown(), "-o", "HostKeyAlgorithms=ssh-ed25519"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void theAuthBannerIsShownAsSshShowsItUnlessQuiet() {
        Path kh = sshdKnown();
        OpenSsh.Result theirs = OpenSsh.run(openssh(OpenSsh.SSH.toString(), "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "true"), 120);
        assertEquals(0, theirs.exit(), theirs.stderr());
        assertTrue(theirs.stderr().contains("\\033[1mSecond"), theirs.stderr());
        OpenSsh.Result ours = OpenSsh.run(sshwire(kh, "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "true"), 120);
        assertEquals(0, ours.exit(), ours.stderr());
        assertEquals(theirs.stderr(), ours.stderr());
        // Nor the "Permanently added" line: a new known_hosts, accept-new, LogLevel ERROR.
        OpenSsh.Result learnt = OpenSsh.run(sshwire(dir.resolve("kh-quiet-new"), "-o", "LogLevel=ERROR", "-o", "StrictHostKeyChecking=accept-new",
                "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "true"), 120);
        assertEquals(0, learnt.exit(), learnt.stderr());
        assertEquals("", learnt.stderr());
        for (String[] quiet : new String[][] {{"-q"}, {"-o", "LogLevel=QUIET"}, {"-o", "LogLevel=ERROR"}}) {
            List<String> args = new ArrayList<>(List.of(quiet));
            args.addAll(List.of("-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "true"));
            OpenSsh.Result q = OpenSsh.run(sshwire(kh, args.toArray(String[]::new)), 120);
            assertEquals(0, q.exit(), q.stderr());
            assertEquals("", q.stderr(), String.join(" ", quiet));
        }
        // sftp: the banner, then "Connected to", as OpenSSH's sftp (through its ssh) prints them.
        OpenSsh.Result sftpTheirs = OpenSsh.run(openssh("/usr/bin/sftp", "-P", String.valueOf(sshdPort), user() + "@127.0.0.1"),
                "pwd\n".getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(0, sftpTheirs.exit(), sftpTheirs.stderr());
        OpenSsh.Result sftpOurs = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "sftp", "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + kh, "-P", String.valueOf(sshdPort), user() + "@127.0.0.1"),
                "pwd\n".getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(0, sftpOurs.exit(), sftpOurs.stderr());
        assertEquals(sftpTheirs.stderr(), sftpOurs.stderr());
        assertEquals(sftpTheirs.stdout(), sftpOurs.stdout());
    }

    @Test
    void verboseShowsOpenSshStyleDebugLines() {
        Path kh = sshdKnown();
        OpenSsh.Result theirs = OpenSsh.run(openssh(OpenSsh.SSH.toString(), "-v", "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "true"), 120);
        assertEquals(0, theirs.exit(), theirs.stderr());
        OpenSsh.Result ours = OpenSsh.run(sshwire(kh, "-v", "-o", "HostKeyAlgorithms=ssh-ed25519", "-p", String.valueOf(sshdPort),
                user() + "@127.0.0.1", "true"), 120);
        assertEquals(0, ours.exit(), ours.stderr());
        List<String> ourLines = ours.stderr().lines().map(String::strip).toList();
        List<String> theirLines = theirs.stderr().lines().map(String::strip).toList();
        // Lines both print word for word (the server's key, its known_hosts match, the login).
        for (String prefix : List.of("debug1: Connecting to 127.0.0.1 [127.0.0.1] port ", "debug1: Authenticating to ",
                "debug1: kex: host key algorithm: ", "debug1: Server host key: ", "debug1: Host '[127.0.0.1]:",
                "debug1: Authentications that can continue: ", "debug1: Next authentication method: publickey",
                "Authenticated to 127.0.0.1 ", "debug1: SSH2_MSG_KEXINIT sent", "debug1: SSH2_MSG_NEWKEYS received",
                "debug1: SSH2_MSG_SERVICE_ACCEPT received")) {
            String mine = ourLines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("(none from sshwire)");
            String ssh = theirLines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("(none from ssh)");
            assertEquals(ssh, mine, prefix);
        }
        assertTrue(ourLines.stream().anyMatch(l -> l.startsWith("debug1: kex: algorithm: ")), ours.stderr());
        assertTrue(ourLines.stream().anyMatch(l -> l.startsWith("debug1: Offering public key: ED25519 SHA256:")), ours.stderr());
        assertTrue(ourLines.contains("debug1: channel 0: new session"), ours.stderr());
        // -vv adds the library's own debug lines.
        OpenSsh.Result vv = OpenSsh.run(sshwire(kh, "-vv", "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "true"), 120);
        assertEquals(0, vv.exit(), vv.stderr());
        assertTrue(vv.stderr().contains("debug2: "), vv.stderr());
        // Without -v: none of it.
        OpenSsh.Result plain = OpenSsh.run(sshwire(kh, "-p", String.valueOf(sshdPort), user() + "@127.0.0.1", "true"), 120);
        assertTrue(!plain.stderr().contains("debug") && !plain.stderr().contains("Authenticated to"), plain.stderr());
    }

    /** Runs a command in {@code cwd}, bounded in time. */
    static OpenSsh.Result runIn(Path cwd, List<String> cmd) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new OpenSsh.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void sftpDestinationFormsFetchOrStartWhereOpenSshsSftpDoes() throws Exception {
        Path kh = sshdKnown();
        Path remote = Files.createDirectories(dir.resolve("remote/sub dir"));
        Files.writeString(remote.getParent().resolve("f.txt"), "the file\n");
        Files.writeString(remote.resolve("g.txt"), "in sub\n");
        String at = user() + "@127.0.0.1:";
        List<List<String>> forms = List.of(
                List.of(at + remote.getParent().resolve("f.txt")),                   // host:path: fetched into the cwd
                List.of(at + remote.getParent().resolve("f.txt"), "copy.txt"),       // host:path localdest
                List.of(at + remote.getParent().resolve("missing")),                 // not there: exit 1
                List.of(at + remote + "/"));                                          // a directory: the session starts there
        int n = 0;
        for (List<String> form : forms) {
            Path theirDir = Files.createDirectories(dir.resolve("sftp-theirs-" + n));
            Path ourDir = Files.createDirectories(dir.resolve("sftp-ours-" + n++));
            List<String> theirCmd = openssh("/usr/bin/sftp", "-q", "-P", String.valueOf(sshdPort));
            theirCmd.addAll(form);
            List<String> ourCmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "sftp", "-q", "-i", key.toString(),
                    "-o", "UserKnownHostsFile=" + kh, "-P", String.valueOf(sshdPort)));
            ourCmd.addAll(form);
            OpenSsh.Result theirs = runIn(theirDir, theirCmd);
            OpenSsh.Result ours = runIn(ourDir, ourCmd);
            assertEquals(theirs.exit(), ours.exit(), form + ": " + ours.stderr());
            assertEquals(theirs.stdout(), ours.stdout(), form.toString());
            // sftp's error() lines go through ssh's log.c, which ends them in CR LF; ours end in LF.
            assertEquals(theirs.stderr().replace("\r\n", "\n"), ours.stderr(), form.toString());
            try (var theirFiles = Files.list(theirDir); var ourFiles = Files.list(ourDir)) {
                assertEquals(theirFiles.map(p -> p.getFileName().toString()).sorted().toList(),
                        ourFiles.map(p -> p.getFileName().toString()).sorted().toList(), form.toString());
            }
        }
        assertEquals("the file\n", Files.readString(dir.resolve("sftp-ours-0/f.txt")));
        assertEquals("the file\n", Files.readString(dir.resolve("sftp-ours-1/copy.txt")));
        // Starting in the directory: a batch's pwd and get work there.
        Path startDir = Files.createDirectories(dir.resolve("sftp-start"));
        Path batch = Files.writeString(dir.resolve("batch"), "pwd\nget g.txt\n");
        OpenSsh.Result r = runIn(startDir, List.of(ServerCommandTest.LAUNCHER.toString(), "sftp", "-b", batch.toString(),
                "-i", key.toString(), "-o", "UserKnownHostsFile=" + kh, "-P", String.valueOf(sshdPort), at + remote + "/"));
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("Remote working directory: " + remote + "\n"), r.stdout());
        assertEquals("in sub\n", Files.readString(startDir.resolve("g.txt")));
    }
}
