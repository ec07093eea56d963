package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpClientTransferTest {
    @TempDir
    Path tmp;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private SftpClient connect(FakeSftpServer s) throws Exception {
        Thread t = new Thread(s, "fake-sftp-server");
        t.setDaemon(true);
        t.start();
        return SftpClient.open(Channels.newInputStream(s.toClient.source()), Channels.newOutputStream(s.toServer.sink()));
    }

    /** Gets the fake's "/f", failing after a minute: a client waiting on the fake never returns. */
    private static void getWithinAMinute(SftpClient c, Path out, TransferOptions o) throws Exception {
        CompletableFuture.runAsync(() -> {
            try {
                c.get("/f", out, o);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    @Test
    void getKeepsSixtyFourReadsOutstandingByDefault() throws Exception {
        byte[] content = random(200 * 32768 + 5);
        FakeSftpServer s = new FakeSftpServer(content, 64, Integer.MAX_VALUE);
        try (SftpClient c = connect(s)) {
            Path out = tmp.resolve("out");
            // the fake answers nothing until 64 READs are outstanding: a serial client never finishes
            getWithinAMinute(c, out, TransferOptions.defaults());
            assertArrayEquals(content, Files.readAllBytes(out));
            assertEquals(64, s.maxOutstandingSeen);
        }
    }

    /**
     * Three whole requests and five bytes: the last request asks for exactly those five, and the
     * READ that finds EOF goes out with them. The fake answers nothing until five READs are
     * outstanding, so a client that asked for EOF only after the last data came back would wait.
     */
    @Test
    void theReadThatFindsEndOfFileGoesWithTheLastDataRequests() throws Exception {
        byte[] content = random(3 * 32768 + 5);
        FakeSftpServer s = new FakeSftpServer(content, 5, Integer.MAX_VALUE);
        try (SftpClient c = connect(s)) {
            Path out = tmp.resolve("out");
            getWithinAMinute(c, out, TransferOptions.defaults().withRequests(8, 32768));
            assertArrayEquals(content, Files.readAllBytes(out));
            assertEquals(5, s.maxOutstandingSeen);
        }
    }

    /** OPEN and STAT go out together: the fake answers the OPEN only once the STAT has come, and no FSTAT is needed. */
    @Test
    void aDownloadsSizeComesWithItsHandleNotARoundTripAfterIt() throws Exception {
        byte[] content = random(2 * 32768 + 7);
        FakeSftpServer s = new FakeSftpServer(content, 1, Integer.MAX_VALUE);
        s.openWaitsForStat = true;
        try (SftpClient c = connect(s)) {
            Path out = tmp.resolve("out");
            getWithinAMinute(c, out, TransferOptions.defaults().withRequests(8, 32768));
            assertArrayEquals(content, Files.readAllBytes(out));
            assertEquals(0, s.fstats);
        }
    }

    /** A download is done when its last byte is written: the CLOSE of its read handle goes out, unawaited. */
    @Test
    void aDownloadDoesNotWaitForTheCloseOfItsReadHandle() throws Exception {
        byte[] content = random(32768 + 3);
        FakeSftpServer s = new FakeSftpServer(content, 1, Integer.MAX_VALUE);
        s.closesUnanswered = true;
        try (SftpClient c = connect(s)) {
            Path out = tmp.resolve("out");
            getWithinAMinute(c, out, TransferOptions.defaults());
            assertArrayEquals(content, Files.readAllBytes(out));
            getWithinAMinute(c, out, TransferOptions.defaults()); // the session goes on behind the unanswered CLOSE
            assertArrayEquals(content, Files.readAllBytes(out));
            for (int i = 0; i < 1000 && s.closes < 2; i++) {
                Thread.sleep(10); // the fake reads the second CLOSE on its own thread
            }
            assertEquals(2, s.closes, "each read handle was closed");
        }
    }

    @Test
    void shortReadsAreReRequestedAndTheFileIsExact() throws Exception {
        byte[] content = random(1_000_003);
        FakeSftpServer s = new FakeSftpServer(content, 1, 10_000);
        try (SftpClient c = connect(s)) {
            Path out = tmp.resolve("out");
            List<Long> progress = new ArrayList<>();
            c.get("/f", out, TransferOptions.defaults().withRequests(8, 32768)
                    .withListener((p, done, total) -> progress.add(done)));
            assertArrayEquals(content, Files.readAllBytes(out));
            assertEquals(content.length, progress.get(progress.size() - 1));
            assertTrue(s.maxOutstandingSeen <= 9, "never more than the configured window (+1 re-request)");
        }
    }

    @Test
    void aDeadServerFailsPendingCallsWithConnectionLost() throws Exception {
        FakeSftpServer s = new FakeSftpServer(new byte[0], 1, 1);
        SftpClient c = connect(s);
        s.toClient.sink().close();
        SftpException e = assertThrows(SftpException.class, () -> c.stat("/x"));
        assertEquals(StatusCode.CONNECTION_LOST, e.status());
        c.close();
    }
}
