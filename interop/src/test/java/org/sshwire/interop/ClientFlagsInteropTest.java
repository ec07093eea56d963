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
 * sshd and {@code sshwire server} (both orders), {@code -W} as OpenSSH's ProxyCommand.
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
        Path banner = Files.writeString(sshdDir.resolve("banner"), "Authorized use only.\nSecond line.\n");
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(sshdDir, List.of("AuthorizedKeysFile " + key + ".pub",
                "PermitRootLogin prohibit-password", "AllowTcpForwarding yes", "Banner " + banner));
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
}
