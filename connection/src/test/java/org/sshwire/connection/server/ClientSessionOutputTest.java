package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.CommandResult;
import org.sshwire.connection.client.ExitStatus;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.engine.WindowPolicy;
import org.sshwire.transport.wire.Bytes;

/**
 * What a library user does with a command's output (issue 21): read one stream to the end before
 * the other, collect both with the exit, and tell an exit code from a signal from no status at
 * all. Our SshServer and SshClient over loopback; {@code SshClientInteropTest} does the same
 * against OpenSSH's sshd. A deadlock would hang, so each test has a generous {@link Timeout}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientSessionOutputTest {
    static final int SIX_MIB = 6 * 1024 * 1024;

    SshServer server;

    SshServer.Builder base() {
        return SshServer.builder().listen("127.0.0.1", 0).hostKey(SshServerClientTest.HOST).auth(SshServerClientTest.aliceOnly());
    }

    SshClient connect() throws IOException {
        return connect(ConnectionConfig.client());
    }

    SshClient connect(ConnectionConfig config) throws IOException {
        return SshClient.builder("alice").identity(SshServerClientTest.ALICE).timeout(Duration.ofSeconds(20))
                .connectionConfig(config)
                .hostKeyVerifier((h, p, k) -> k.equals(SshServerClientTest.HOST.publicKey())).connect("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes in 64 KiB pieces, as a process's pipe would hand them over. */
    static void writeAll(OutputStream out, byte[] data) throws IOException {
        for (int off = 0; off < data.length; off += 64 * 1024) {
            out.write(data, off, Math.min(64 * 1024, data.length - off));
        }
        out.flush();
    }

    @Test
    void readingStdoutToTheEndBeforeSeveralMebibytesOfStderrCompletes() throws Exception {
        byte[] err = random(SIX_MIB, 1);
        byte[] out = random(SIX_MIB, 2);
        server = base().handler(s -> {
            writeAll(s.stderr(), err); // all of stderr first: the client is not reading it yet
            writeAll(s.stdout(), out);
            s.exit(0);
        }).build().start();
        try (SshClient c = connect()) {
            // The order ClientSession's and SshClient's Javadoc used to show: stdout, then stderr.
            ClientSession s = c.exec("both");
            assertArrayEquals(out, s.stdout().readAllBytes());
            assertArrayEquals(err, s.stderr().readAllBytes());
            assertEquals(0, s.waitFor());
        }
    }

    @Test
    void readingStderrToTheEndBeforeSeveralMebibytesOfStdoutCompletes() throws Exception {
        byte[] out = random(SIX_MIB, 3);
        byte[] err = random(SIX_MIB, 4);
        server = base().handler(s -> {
            writeAll(s.stdout(), out);
            writeAll(s.stderr(), err);
            s.exit(3);
        }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("both");
            assertArrayEquals(err, s.stderr().readAllBytes());
            assertArrayEquals(out, s.stdout().readAllBytes());
            assertEquals(3, s.waitFor());
        }
    }

    @Test
    void theStreamingExampleOfClientSessionCopiesStdoutWhileStderrWaits() throws Exception {
        byte[] err = random(3 * 1024 * 1024, 9);
        byte[] tar = random(1024 * 1024, 10);
        server = base().handler(s -> {
            writeAll(s.stderr(), err);
            writeAll(s.stdout(), tar);
            s.exit(0);
        }).build().start();
        try (SshClient c = connect()) {
            // As ClientSession's Javadoc shows it, with the file in memory.
            ClientSession s = c.exec("tar cf - /srv");
            java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
            s.stdout().transferTo(file);
            byte[] errors = s.stderr().readAllBytes();
            ExitStatus exit = s.waitForExit();
            assertArrayEquals(tar, file.toByteArray());
            assertArrayEquals(err, errors);
            assertTrue(exit.isSuccess());
        }
    }

    @Test
    void pastTheReadAheadTheCommandPausesUntilReadAndNothingIsLost() throws Exception {
        int window = 256 * 1024;
        int readAhead = 128 * 1024;
        byte[] err = random(4 * 1024 * 1024, 5);
        CompletableFuture<Void> wroteAll = new CompletableFuture<>();
        server = base().handler(s -> {
            writeAll(s.stderr(), err);
            wroteAll.complete(null);
            s.stdout().write("done\n".getBytes(StandardCharsets.UTF_8));
            s.exit(0);
        }).build().start();
        // Credit goes back as soon as it is given, so the allowance is exact (the standard policy
        // may keep up to three packets' credit until the application reads again).
        try (SshClient c = connect(ConnectionConfig.client().withInitialWindow(window).withWindowPolicy(WindowPolicy.immediate()))) {
            ClientSession s = c.openSession();
            s.channel().setReadAhead(readAhead);
            s.exec("flood stderr");
            // The peer may fill our window and the read-ahead, and no more: then it must wait.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (s.stderr().available() < window + readAhead && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(window + readAhead, s.stderr().available());
            assertEquals(0, s.stdout().available());
            assertFalse(wroteAll.isDone(), "the server wrote 4 MiB into a 384 KiB allowance");
            assertArrayEquals(err, s.stderr().readAllBytes());
            assertEquals("done\n", new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(ExitStatus.Code.class, s.waitForExit().getClass());
        }
    }

    @Test
    void theReadAheadCannotBeNegative() throws Exception {
        server = base().handler(s -> { }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.openSession();
            assertEquals(ClientSession.DEFAULT_READ_AHEAD, s.channel().readAhead());
            assertThrows(IllegalArgumentException.class, () -> s.channel().setReadAhead(-1));
        }
    }

    /** The exit code is the command's last word: "exit 255" ends with 255. */
    SessionHandler printsAndExitsWithItsArgument() {
        return s -> {
            s.stdout().write(("out " + s.rawCommand() + "\n").getBytes(StandardCharsets.UTF_8));
            s.stderr().write(("err " + s.rawCommand() + "\n").getBytes(StandardCharsets.UTF_8));
            s.exit(Integer.parseInt(s.command().get(s.command().size() - 1)));
        };
    }

    @Test
    void collectGivesBothStreamsAndTheExitCode() throws Exception {
        server = base().handler(printsAndExitsWithItsArgument()).build().start();
        try (SshClient c = connect()) {
            for (int code : new int[] {0, 1, 255}) {
                CommandResult r = c.exec("exit " + code).collect();
                assertEquals("out exit " + code + "\n", r.stdoutText());
                assertEquals("err exit " + code + "\n", r.stderrText());
                assertEquals(new ExitStatus.Code(code), r.exit());
                assertEquals(code == 0, r.exit().isSuccess());
            }
        }
    }

    @Test
    void collectOfACommandKilledByASignalGivesTheSignal() throws Exception {
        server = base().handler(ProcessHandler.asServerAccount()).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("echo before; kill -TERM $$; echo after");
            CommandResult r = s.collect();
            assertEquals("before\n", r.stdoutText());
            assertEquals(new ExitStatus.Signal("TERM", false, ""), r.exit());
            assertFalse(r.exit().isSuccess());
            assertEquals(-1, s.waitFor()); // waitFor() keeps its old answer
            assertEquals("TERM", s.exitSignal());
        }
    }

    @Test
    void aChannelClosedWithoutAnExitStatusGivesNone() throws Exception {
        server = base().handler(s -> {
            s.stdout().write("partial".getBytes(StandardCharsets.UTF_8));
            s.channel().close(); // CLOSE with no exit-status or exit-signal before it (RFC 4254 §6.10 allows it)
        }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("x");
            CommandResult r = s.collect();
            assertEquals("partial", r.stdoutText());
            assertEquals(ExitStatus.NONE, r.exit());
            assertEquals(ExitStatus.NONE, s.waitForExit());
            assertEquals(-1, s.waitFor());
            assertNull(s.exitSignal());
        }
    }

    @Test
    void collectKeepsSeveralMebibytesOfEachStreamInterleaved() throws Exception {
        byte[] out = random(SIX_MIB, 6);
        byte[] err = random(SIX_MIB, 7);
        server = base().handler(s -> {
            for (int off = 0; off < SIX_MIB; off += 100_000) {
                s.stdout().write(out, off, Math.min(100_000, SIX_MIB - off));
                s.stderr().write(err, off, Math.min(100_000, SIX_MIB - off));
            }
            s.exit(2);
        }).build().start();
        try (SshClient c = connect(ConnectionConfig.client().withInitialWindow(64 * 1024))) {
            ClientSession s = c.openSession();
            s.channel().setReadAhead(0); // collect must not rely on the read-ahead
            s.exec("both");
            CommandResult r = s.collect();
            assertEquals(Bytes.wrap(out), r.stdout());
            assertEquals(Bytes.wrap(err), r.stderr());
            assertEquals(new ExitStatus.Code(2), r.exit());
        }
    }

    @Test
    void collectSendsEofSoACommandThatReadsItsInputEnds() throws Exception {
        server = base().handler(s -> {
            byte[] in = s.stdin().readAllBytes();
            s.stdout().write(("read " + in.length + "\n").getBytes(StandardCharsets.UTF_8));
            s.exit(0);
        }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("cat");
            s.stdin().write("abc".getBytes(StandardCharsets.UTF_8));
            assertEquals("read 3\n", s.collect().stdoutText());
        }
    }

    @Test
    void outputOverTheCollectLimitIsAnErrorNamingTheStreamAndClosesTheSession() throws Exception {
        server = base().handler(s -> {
            s.stdout().write("small".getBytes(StandardCharsets.UTF_8));
            writeAll(s.stderr(), random(2 * 1024 * 1024, 8));
            s.exit(0);
        }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("big stderr");
            IOException e = assertThrows(IOException.class, () -> s.collect(1024 * 1024));
            assertTrue(e.getMessage().startsWith("stderr of command 'big stderr' went over the 1048576-byte limit"), e.getMessage());
            assertTrue(s.channel().awaitClose(Duration.ofSeconds(30)));
            assertEquals("small", c.exec("again").collect(4 * 1024 * 1024).stdoutText()); // the connection goes on
        }
    }

    @Test
    void endlessOutputStopsAtTheCollectLimitAndTheCommandSeesItsPipeClose() throws Exception {
        CompletableFuture<Long> wrote = new CompletableFuture<>();
        server = base().handler(s -> {
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            try {
                while (total < (1L << 30)) { // bounded: 1 GiB, far past any window and limit here
                    s.stdout().write(chunk);
                    total += chunk.length;
                }
            } catch (IOException closed) {
                // the client closed the session: what a killed pipe is to a process
            }
            wrote.complete(total);
        }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.exec("yes");
            IOException e = assertThrows(IOException.class, () -> s.collect(256 * 1024));
            assertTrue(e.getMessage().startsWith("stdout of command 'yes' went over"), e.getMessage());
            assertTrue(wrote.get(30, TimeUnit.SECONDS) < (1L << 30));
        }
    }

    @Test
    void collectBeforeACommandIsAMisuse() throws Exception {
        server = base().handler(s -> { }).build().start();
        try (SshClient c = connect()) {
            ClientSession s = c.openSession();
            assertThrows(IllegalStateException.class, s::collect);
            assertThrows(IllegalArgumentException.class, () -> c.exec("x").collect(-1));
        }
    }
}
