package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.ForwardingPolicy;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;

/** OpenSSH {@code ssh} against our SshServer with the process handler, on 127.0.0.1. */
class SshServerInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    /** Bytes through cat each way; -Dsshwire.bigTransfer=1073741824 for the issue's 1 GiB. */
    static final long TRANSFER = Long.getLong("sshwire.bigTransfer", 64L * 1024 * 1024);

    @TempDir
    static Path dir;
    static SshServer server;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        server = SshServer.builder().listen("127.0.0.1", 0).acceptEnv(List.of("LANG", "LC_*", "SSHWIRE_TEST"))
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .handler(ProcessHandler.asServerAccount())
                .forwarding(ForwardingPolicy.loopbackOnly())
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<String> ssh(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", dir.resolve("id").toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void execWithStdinStdoutStderrAndExitStatus() throws Exception {
        Process p = new ProcessBuilder(ssh("test@127.0.0.1", "read x; echo \"out $x\"; echo err >&2; exit 5")).start();
        p.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("out hi\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(5, p.exitValue());
    }

    @Test
    void environmentIsPassed() {
        OpenSsh.Result r = OpenSsh.run(ssh("-o", "SetEnv=SSHWIRE_TEST=hello", "test@127.0.0.1", "echo $SSHWIRE_TEST"), 30);
        assertEquals("hello\n", r.stdout(), r.stderr());
    }

    @Test
    void killedCommandReportsTheSignal() {
        OpenSsh.Result r = OpenSsh.run(ssh("test@127.0.0.1", "echo before; kill -TERM $$"), 30);
        // OpenSSH exits 255 when exit-signal (not exit-status) ended the session; the output shows the session ran.
        assertEquals("before\n", r.stdout(), r.stderr());
        assertEquals(255, r.exit(), r.stderr());
    }

    @Test
    void largeTransferThroughCatIsByteExactInBothDirections() throws Exception {
        Path in = dir.resolve("big.in");
        byte[] chunk = new byte[1024 * 1024];
        new Random(7).nextBytes(chunk);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (OutputStream o = Files.newOutputStream(in)) {
            for (long n = 0; n < TRANSFER; n += chunk.length) {
                o.write(chunk);
                sent.update(chunk);
            }
        }
        byte[] want = sent.digest();
        // client -> server -> client: ssh cat < in, output hashed here
        Process p = new ProcessBuilder(ssh("test@127.0.0.1", "cat")).redirectInput(in.toFile()).start();
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> sha(p.getInputStream()));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(java.util.HexFormat.of().formatHex(want), java.util.HexFormat.of().formatHex(got.get()));
        // server -> client only: the remote side reads the file itself
        Process q = new ProcessBuilder(ssh("test@127.0.0.1", "cat " + in)).start();
        CompletableFuture<byte[]> got2 = CompletableFuture.supplyAsync(() -> sha(q.getInputStream()));
        assertTrue(q.waitFor(300, TimeUnit.SECONDS));
        assertEquals(java.util.HexFormat.of().formatHex(want), java.util.HexFormat.of().formatHex(got2.get()));
        Files.delete(in);
    }

    static byte[] sha(InputStream in) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-shot echo server on 127.0.0.1 that upper-cases one line. */
    static ServerSocket upperEcho() throws IOException {
        ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                String line = new String(s.getInputStream().readNBytes(5), StandardCharsets.UTF_8);
                s.getOutputStream().write(line.toUpperCase().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the test reports the failure
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void localForwardCarriesData() throws Exception {
        try (ServerSocket target = upperEcho()) {
            int local = freePort();
            Process p = new ProcessBuilder(ssh("-N", "-o", "ExitOnForwardFailure=yes",
                    "-L", "127.0.0.1:" + local + ":127.0.0.1:" + target.getLocalPort(), "test@127.0.0.1")).start();
            try {
                assertEquals("HELLO", roundTrip(local));
            } finally {
                p.destroy();
            }
        }
    }

    @Test
    void remoteForwardCarriesData() throws Exception {
        try (ServerSocket target = upperEcho()) {
            int remote = freePort();
            Process p = new ProcessBuilder(ssh("-N", "-o", "ExitOnForwardFailure=yes",
                    "-R", "127.0.0.1:" + remote + ":127.0.0.1:" + target.getLocalPort(), "test@127.0.0.1")).start();
            try {
                assertEquals("HELLO", roundTrip(remote));
            } finally {
                p.destroy();
            }
        }
    }

    /** Connects (retrying until ssh has set the forward up, bounded) and sends "hello". */
    static String roundTrip(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                byte[] back = s.getInputStream().readNBytes(5);
                if (back.length == 5) {
                    return new String(back, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("forward never carried data");
            }
            Thread.onSpinWait();
            new CompletableFuture<Void>().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
    }

    @Test
    void keepalivesFromSshAreAnswered() {
        // ServerAliveInterval=1 with CountMax=2: ssh gives up (exit 255) unless our replies arrive.
        OpenSsh.Result r = OpenSsh.run(ssh("-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2",
                "test@127.0.0.1", "sleep 4; echo alive"), 30);
        assertEquals("alive\n", r.stdout(), r.stderr());
        assertEquals(0, r.exit());
    }

    /**
     * {@code ssh -tt} in a real terminal (tmux): the remote shell runs on a pty of the terminal's
     * size, and resizing the terminal sends window-change, which {@code stty size} then reports.
     */
    @Test
    void sshTtShellOnAPtyFollowsTheTerminalSize() throws Exception {
        try (Tmux t = Tmux.start(dir, 100, 30, Tmux.shellLine(ssh("-tt", "test@127.0.0.1")))) {
            t.awaitAnswer("stty size", "30 100");
            t.resize(120, 40);
            t.awaitAnswer("stty size", "40 120");
            t.type("exit", "Enter");
        }
    }

    /**
     * The same transfer through a server whose channel window is 16 MiB (the default is smaller),
     * while OpenSSH forces a key re-exchange every 8 MiB ({@code RekeyLimit}): data and rekeys
     * interleave and nothing is lost.
     */
    @Test
    void transferWithA16MiBWindowSurvivesRekeysForcedMidway() throws Exception {
        SshServer big = SshServer.builder().listen("127.0.0.1", 0)
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .handler(ProcessHandler.asServerAccount())
                .connectionConfig(org.sshwire.connection.engine.ConnectionConfig.server().withInitialWindow(16L << 20))
                .build().start();
        try {
            Path in = dir.resolve("rekey.in");
            byte[] chunk = new byte[1024 * 1024];
            new Random(8).nextBytes(chunk);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            try (OutputStream o = Files.newOutputStream(in)) {
                for (long n = 0; n < TRANSFER / 2; n += chunk.length) {
                    o.write(chunk);
                    sent.update(chunk);
                }
            }
            List<String> cmd = new ArrayList<>(ssh("-v", "-o", "RekeyLimit=8M", "test@127.0.0.1", "cat"));
            int port = cmd.indexOf("-p");
            cmd.set(port + 1, Integer.toString(big.port()));
            Path log = dir.resolve("rekey.log");
            Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectError(log.toFile()).start();
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> sha(p.getInputStream()));
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(log));
            assertEquals(java.util.HexFormat.of().formatHex(sent.digest()), java.util.HexFormat.of().formatHex(got.get()));
            long rekeys = Files.readAllLines(log).stream().filter(l -> l.contains("SSH2_MSG_NEWKEYS received")).count();
            assertTrue(rekeys >= 3, "expected the initial exchange and at least two rekeys, saw " + rekeys);
            Files.delete(in);
        } finally {
            big.close();
        }
    }
}
