package org.sshwire.proxy.internal.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.proxy.RelayTap.Flow;
import org.sshwire.proxy.RelayedChannel;
import org.sshwire.proxy.Route;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.transport.wire.Bytes;

/**
 * The optional contents: SFTP files as written and read, at their offsets, and forwarded
 * channels' bytes, fed as the relay sees them (packets cut in odd slices); names the peer chose
 * kept inside the record directory; the per-connection cap.
 */
class SavedContentsTest {
    @TempDir
    Path dir;

    /** The writer of the test's SFTP contents; closed (so drained) before the files are read. */
    final ContentWriter writer = new ContentWriter(64L << 20);

    @org.junit.jupiter.api.AfterEach
    void stopWriter() throws Exception {
        writer.close();
    }

    /** The SFTP log's {@code contents} line of {@code path}'s bytes going {@code way}. */
    static Map<String, String> contentsLine(List<Map<String, String>> ops, String path, String way) {
        return ops.stream().filter(o -> "contents".equals(o.get("op")) && path.equals(o.get("path")) && way.equals(o.get("way")))
                .findFirst().orElseThrow(() -> new AssertionError("no contents line of " + path + " " + way + " in " + ops));
    }

    static final Bytes H1 = Bytes.utf8("h1");
    static final Bytes H2 = Bytes.utf8("h2");

    static byte[] random(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Feeds each packet, client's or server's, in slices of {@code slice} bytes. */
    static void talk(SftpLog log, int slice, Object... steps) throws Exception {
        for (int i = 0; i < steps.length; i += 2) {
            byte[] frame = ((SftpPacket) steps[i + 1]).toFrame();
            RecordingFormatsTest.feed(frame, slice, (Boolean) steps[i] ? log::fromClient : log::fromServer);
        }
    }

    static List<Map<String, String>> lines(Path jsonl) throws Exception {
        List<Map<String, String>> out = new ArrayList<>();
        for (String l : Files.readAllLines(jsonl)) {
            out.add(Json.parseFlat(l));
        }
        return out;
    }

    static Map<String, String> op(List<Map<String, String>> ops, String name, String path) {
        return ops.stream().filter(o -> name.equals(o.get("op")) && path.equals(o.get("path"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " of " + path + " in " + ops));
    }

    @Test
    void writtenAndReadBytesAreSavedAtTheirOffsetsWithTheSkippedRangeAHoleOfZeros() throws Exception {
        byte[] head = random(1000, 1);
        byte[] tail = random(24, 2);
        byte[] source = random(6000, 3);
        Path log = dir.resolve("3-session.sftp.jsonl");
        SftpContents contents = new SftpContents(dir.resolve("3-sftp"), dir, new ContentBudget(1 << 20), writer);
        try (SftpLog sftp = new SftpLog(log, 1 << 20, 1, contents)) {
            talk(sftp, 7,
                    true, new SftpPacket.Init(3, List.of()), false, new SftpPacket.Version(3, List.of()),
                    true, new SftpPacket.Open(1, "/srv/up.bin", 0x1a, RecordingFormatsTest.NO_ATTRS),
                    false, new SftpPacket.Handle(1, H1),
                    // The client skips bytes 1000..4999: the saved file has a hole there.
                    true, new SftpPacket.Write(2, H1, 5000, Bytes.wrap(tail)),
                    true, new SftpPacket.Write(3, H1, 0, Bytes.wrap(head)),
                    false, SftpPacket.Status.of(2, 0), false, SftpPacket.Status.of(3, 0),
                    true, new SftpPacket.Close(4, H1), false, SftpPacket.Status.of(4, 0),
                    true, new SftpPacket.Open(5, "/srv/down.bin", 0x01, RecordingFormatsTest.NO_ATTRS),
                    false, new SftpPacket.Handle(5, H2),
                    // Two reads in flight, answered out of order, the first one short: each
                    // reply's bytes go where its own request asked.
                    true, new SftpPacket.Read(6, H2, 0, 4096),
                    true, new SftpPacket.Read(7, H2, 4096, 4096),
                    false, new SftpPacket.Data(7, Bytes.wrap(Arrays.copyOfRange(source, 4096, 6000))),
                    false, new SftpPacket.Data(6, Bytes.wrap(Arrays.copyOfRange(source, 0, 3000))),
                    true, new SftpPacket.Read(8, H2, 3000, 1096),
                    false, new SftpPacket.Data(8, Bytes.wrap(Arrays.copyOfRange(source, 3000, 4096))),
                    true, new SftpPacket.Close(9, H2), false, SftpPacket.Status.of(9, 0));
        }
        writer.close();
        byte[] expectWritten = new byte[5024];
        System.arraycopy(head, 0, expectWritten, 0, 1000);
        System.arraycopy(tail, 0, expectWritten, 5000, 24);
        Path written = dir.resolve("3-sftp/1-write-up.bin");
        Path read = dir.resolve("3-sftp/2-read-down.bin");
        assertArrayEquals(expectWritten, Files.readAllBytes(written));
        assertArrayEquals(source, Files.readAllBytes(read));

        List<Map<String, String>> ops = lines(log);
        Map<String, String> up = op(ops, "close", "/srv/up.bin");
        assertEquals("3-sftp/1-write-up.bin", up.get("writeContents"));
        assertEquals(sha256(expectWritten), contentsLine(ops, "/srv/up.bin", "write").get("sha256"));
        assertEquals("3-sftp/1-write-up.bin", contentsLine(ops, "/srv/up.bin", "write").get("contents"));
        assertEquals("1024", up.get("bytesWritten"));
        assertFalse(up.containsKey("readContents"), "nothing was read through it: " + up);
        Map<String, String> down = op(ops, "close", "/srv/down.bin");
        assertEquals("3-sftp/2-read-down.bin", down.get("readContents"));
        assertEquals(sha256(source), contentsLine(ops, "/srv/down.bin", "read").get("sha256"));
        assertFalse(contentsLine(ops, "/srv/down.bin", "read").containsKey("incomplete"));
        assertFalse(ops.stream().anyMatch(o -> "contents-stopped".equals(o.get("op"))), ops.toString());
    }

    @Test
    void inOrderWritesAreHashedAsTheyComeAndTheDigestIsTheFilesOwn() throws Exception {
        byte[] data = random(100_000, 4);
        Path log = dir.resolve("ops.jsonl");
        try (SftpLog sftp = new SftpLog(log, 1 << 20, 1, new SftpContents(dir.resolve("c"), dir, new ContentBudget(1 << 20), writer))) {
            talk(sftp, 13, true, new SftpPacket.Open(1, "f", 0x1a, RecordingFormatsTest.NO_ATTRS), false, new SftpPacket.Handle(1, H1));
            for (int off = 0, id = 2; off < data.length; off += 32768, id++) {
                talk(sftp, 4999, true, new SftpPacket.Write(id, H1, off, Bytes.wrap(Arrays.copyOfRange(data, off, Math.min(data.length, off + 32768)))));
            }
            talk(sftp, 5, true, new SftpPacket.Close(99, H1), false, SftpPacket.Status.of(99, 0));
        }
        writer.close();
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("c/1-write-f")));
        assertEquals(sha256(data), contentsLine(lines(log), "f", "write").get("sha256"));
    }

    @Test
    void namesThePeerChoseAreSanitisedAndEverySavedFileStaysInItsDirectory() throws Exception {
        List<String> hostile = List.of("../../../etc/passwd", "/srv/..", "..", ".", "", "/", "a/b\u0000\n\u001b[31mred",
                "..\\..\\windows\\evil", "dir/", "x".repeat(300), "naïve café.txt", "/home/u/.ssh/authorized_keys");
        Path contentsDir = dir.resolve("conn/5-sftp");
        Path log = dir.resolve("conn/5-session.sftp.jsonl");
        try (SftpLog sftp = new SftpLog(log, 1 << 20, 1, new SftpContents(contentsDir, log.getParent(), new ContentBudget(1 << 20), writer))) {
            int id = 1;
            for (String name : hostile) {
                Bytes h = Bytes.utf8("h" + id);
                talk(sftp, 3, true, new SftpPacket.Open(id, name, 0x1a, RecordingFormatsTest.NO_ATTRS), false, new SftpPacket.Handle(id, h),
                        true, new SftpPacket.Write(id + 1, h, 0, Bytes.utf8(name + "!")),
                        true, new SftpPacket.Close(id + 2, h), false, SftpPacket.Status.of(id + 2, 0));
                id += 3;
            }
        }
        writer.close();
        List<Path> all;
        try (Stream<Path> files = Files.walk(dir)) {
            all = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(hostile.size() + 1, all.size(), all.toString());
        for (Path p : all) {
            if (!p.equals(log)) {
                assertEquals(contentsDir, p.getParent(), p + " is not directly in the contents directory");
                String name = p.getFileName().toString();
                assertTrue(name.matches("[0-9]+-write-[A-Za-z0-9_+\\-][A-Za-z0-9._+\\-]*"), name);
                assertTrue(name.length() <= 120, name);
            }
        }
        assertEquals("passwd", SftpContents.sanitise("../../../etc/passwd"));
        assertEquals("_.", SftpContents.sanitise("..")); // a leading dot replaced: never "." or ".."
        assertEquals("_", SftpContents.sanitise("/"));
        assertEquals("_ssh", SftpContents.sanitise("/home/u/.ssh/"));
        assertEquals("b____31mred", SftpContents.sanitise("a/b\u0000\n\u001b[31mred"));
        assertEquals("evil", SftpContents.sanitise("..\\..\\windows\\evil"));
        // The log still names each file as the client did, and each saved file by its own name.
        List<Map<String, String>> ops = lines(log);
        for (String name : hostile) {
            Map<String, String> close = op(ops, "close", name);
            Path saved = log.getParent().resolve(close.get("writeContents")).normalize();
            assertEquals(name + "!", Files.readString(saved));
        }
    }

    @Test
    void pastTheConnectionsCapNothingMoreIsSavedAndTheLogSaysSo() throws Exception {
        byte[] data = random(1000, 5);
        Path log = dir.resolve("ops.jsonl");
        try (SftpLog sftp = new SftpLog(log, 1 << 20, 1, new SftpContents(dir.resolve("c"), dir, new ContentBudget(1500), writer))) {
            talk(sftp, 11, true, new SftpPacket.Open(1, "/a", 0x1a, RecordingFormatsTest.NO_ATTRS), false, new SftpPacket.Handle(1, H1),
                    true, new SftpPacket.Write(2, H1, 0, Bytes.wrap(data)),
                    true, new SftpPacket.Write(3, H1, 1000, Bytes.wrap(data)),
                    // Small enough for what is left, but the cap was reached: nothing after it.
                    true, new SftpPacket.Write(4, H1, 2000, Bytes.wrap(new byte[10])),
                    true, new SftpPacket.Close(5, H1), false, SftpPacket.Status.of(5, 0),
                    true, new SftpPacket.Open(6, "/b", 0x1a, RecordingFormatsTest.NO_ATTRS), false, new SftpPacket.Handle(6, H2),
                    true, new SftpPacket.Write(7, H2, 0, Bytes.wrap(new byte[1])),
                    true, new SftpPacket.Close(8, H2), false, SftpPacket.Status.of(8, 0));
        }
        writer.close();
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("c/1-write-a")));
        assertEquals(0, Files.size(dir.resolve("c/2-write-b")));
        List<Map<String, String>> ops = lines(log);
        Map<String, String> stopped = op(ops, "contents-stopped", "/a");
        assertEquals("the connection's cap of 1500 bytes of saved contents was reached", stopped.get("reason"));
        assertEquals(stopped.get("reason"), contentsLine(ops, "/a", "write").get("incomplete"));
        assertEquals("2010", op(ops, "close", "/a").get("bytesWritten"), "the operations log still counts every byte");
        assertEquals(sha256(data), contentsLine(ops, "/a", "write").get("sha256"), "the digest is of what was saved");
        assertNotNull(op(ops, "contents-stopped", "/b"));
    }

    @Test
    void aWriteAtAnOffsetNoFileCanHoldStopsThatFileAndNotTheLog() throws Exception {
        Path log = dir.resolve("ops.jsonl");
        try (SftpLog sftp = new SftpLog(log, 1 << 20, 1, new SftpContents(dir.resolve("c"), dir, new ContentBudget(1 << 20), writer))) {
            talk(sftp, 9, true, new SftpPacket.Open(1, "/a", 0x1a, RecordingFormatsTest.NO_ATTRS), false, new SftpPacket.Handle(1, H1),
                    true, new SftpPacket.Write(2, H1, -2, Bytes.wrap(new byte[5])), // offset 2^64-2 on the wire
                    true, new SftpPacket.Close(3, H1), false, SftpPacket.Status.of(3, 0),
                    true, new SftpPacket.Remove(4, "/a"), false, SftpPacket.Status.of(4, 0));
        }
        writer.close();
        List<Map<String, String>> ops = lines(log);
        assertTrue(op(ops, "contents-stopped", "/a").get("reason").startsWith("offset 18446744073709551614 "), ops.toString());
        assertNotNull(op(ops, "remove", "/a"));
    }

    @Test
    void aWriterThatFallsBehindStopsTheFileInsteadOfMakingTheRelayWait() throws Exception {
        ContentWriter slow = new ContentWriter(1000);
        java.util.concurrent.CountDownLatch disk = new java.util.concurrent.CountDownLatch(1);
        SavedBytes saved = new SavedBytes(dir.resolve("f"), new ContentBudget(1 << 20), slow);
        slow.run(() -> {
            try {
                disk.await(); // a disk that does not answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        byte[] first = random(600, 8);
        assertFalse(saved.append(java.nio.ByteBuffer.wrap(first)), "queued");
        // The relay's thread gets its answer while the writer is still stuck: it never waits.
        assertTrue(saved.append(java.nio.ByteBuffer.wrap(new byte[600])), "this chunk stops the file");
        assertEquals("the disk fell behind the sessions: over 1000 bytes were waiting to be written", saved.stopped());
        assertFalse(saved.append(java.nio.ByteBuffer.wrap(new byte[1])), "stopped once, reported once");
        disk.countDown();
        java.util.concurrent.CompletableFuture<SavedBytes> closed = new java.util.concurrent.CompletableFuture<>();
        saved.close(closed::complete);
        slow.close();
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("f")), "what was queued before the stop is saved");
        assertEquals(sha256(first), closed.get().sha256());
    }

    static RelayedChannel channel(int number, String type, Bytes openData) {
        return new RelayedChannel("c1", "alice", new InetSocketAddress("127.0.0.1", 5000), new Route("alice", "db", 22),
                number, type, openData, true, Instant.EPOCH);
    }

    @Test
    void aForwardedChannelsBytesAreSavedBothWaysAndNamedInTheAuditLog() throws Exception {
        byte[] request = "GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] response = random(70_000, 6);
        RecordingTap tap = new RecordingTap(dir, 1 << 20, 1, new RecordingTap.Contents(false, true, 1 << 20));
        RelayedChannel ch = channel(2, ChannelOpenData.DIRECT_TCPIP,
                new ChannelOpenData.DirectTcpip("web", 80, "127.0.0.1", 40000).toBytes());
        RelayedChannel session = channel(1, "session", Bytes.EMPTY);
        tap.channelOpened(session);
        tap.channelOpened(ch);
        RecordingFormatsTest.feed(request, 5, b -> tap.data(ch, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.wrap(b)));
        RecordingFormatsTest.feed(response, 1333, b -> tap.data(ch, Flow.UPSTREAM_TO_CLIENT, 0, Bytes.wrap(b)));
        tap.data(session, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.utf8("not a forward"));
        tap.channelClosed(ch);
        tap.channelClosed(session);
        tap.disconnected("c1");
        assertTrue(tap.flush(30));

        assertArrayEquals(request, Files.readAllBytes(dir.resolve("c1/2-direct-tcpip.from-client")));
        assertArrayEquals(response, Files.readAllBytes(dir.resolve("c1/2-direct-tcpip.from-upstream")));
        List<Map<String, String>> audit = lines(dir.resolve("audit.jsonl"));
        Map<String, String> open = audit.stream().filter(l -> "channel-open".equals(l.get("event")) && "2".equals(l.get("channel"))).findFirst().orElseThrow();
        assertEquals("c1/2-direct-tcpip.from-client", open.get("fromClient"));
        assertEquals("c1/2-direct-tcpip.from-upstream", open.get("fromUpstream"));
        Map<String, String> close = audit.stream().filter(l -> "channel-close".equals(l.get("event")) && "2".equals(l.get("channel"))).findFirst().orElseThrow();
        assertEquals(sha256(request), close.get("fromClientSha256"));
        assertEquals(sha256(response), close.get("fromUpstreamSha256"));
        try (Stream<Path> files = Files.list(dir.resolve("c1"))) {
            assertEquals(2, files.count(), "a session channel's bytes are not saved as a forward's");
        }
    }

    @Test
    void forwardedBytesPastTheCapAreNotSavedAndTheAuditLogSaysSo() throws Exception {
        RecordingTap tap = new RecordingTap(dir, 1 << 20, 1, new RecordingTap.Contents(false, true, 100));
        RelayedChannel ch = channel(4, ChannelOpenData.DIRECT_STREAMLOCAL, new ChannelOpenData.DirectStreamlocal("/run/x.sock", "", 0).toBytes());
        tap.channelOpened(ch);
        tap.data(ch, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.wrap(new byte[60]));
        tap.data(ch, Flow.UPSTREAM_TO_CLIENT, 0, Bytes.wrap(new byte[60]));
        tap.data(ch, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.wrap(new byte[1]));
        tap.channelClosed(ch);
        assertTrue(tap.flush(30));
        assertEquals(60, Files.size(dir.resolve("c1/4-direct-streamlocal@openssh.com.from-client")));
        assertEquals(0, Files.size(dir.resolve("c1/4-direct-streamlocal@openssh.com.from-upstream")));
        List<Map<String, String>> audit = lines(dir.resolve("audit.jsonl"));
        assertEquals(1, audit.stream().filter(l -> "bytes-not-saved".equals(l.get("event"))).count(), audit.toString());
        Map<String, String> close = audit.stream().filter(l -> "channel-close".equals(l.get("event"))).findFirst().orElseThrow();
        assertEquals("the connection's cap of 100 bytes of saved contents was reached", close.get("bytesSavedIncomplete"));
        assertEquals("121", String.valueOf(Long.parseLong(close.get("bytesToUpstream")) + Long.parseLong(close.get("bytesToClient"))),
                "the bytes are still counted");
    }

    @Test
    void anSftpSubsystemThroughTheTapSavesItsContentsUnderTheChannelsDirectory() throws Exception {
        RecordingTap tap = new RecordingTap(dir, 1 << 20, 1, new RecordingTap.Contents(true, false, 1 << 20));
        RelayedChannel ch = channel(3, "session", Bytes.EMPTY);
        tap.channelOpened(ch);
        tap.request(ch, Flow.CLIENT_TO_UPSTREAM, "subsystem", new ChannelRequestBody.Subsystem("sftp"), true);
        byte[] data = random(5000, 7);
        RecordingFormatsTest.feed(new SftpPacket.Open(1, "/tmp/x y", 0x1a, RecordingFormatsTest.NO_ATTRS).toFrame(), 17,
                b -> tap.data(ch, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.wrap(b)));
        RecordingFormatsTest.feed(new SftpPacket.Handle(1, H1).toFrame(), 17, b -> tap.data(ch, Flow.UPSTREAM_TO_CLIENT, 0, Bytes.wrap(b)));
        RecordingFormatsTest.feed(new SftpPacket.Write(2, H1, 0, Bytes.wrap(data)).toFrame(), 17, b -> tap.data(ch, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.wrap(b)));
        RecordingFormatsTest.feed(new SftpPacket.Close(3, H1).toFrame(), 17, b -> tap.data(ch, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.wrap(b)));
        RecordingFormatsTest.feed(SftpPacket.Status.of(3, 0).toFrame(), 17, b -> tap.data(ch, Flow.UPSTREAM_TO_CLIENT, 0, Bytes.wrap(b)));
        tap.channelClosed(ch);
        assertTrue(tap.flush(30));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("c1/3-sftp/1-write-x_y")));
        Map<String, String> close = op(lines(dir.resolve("c1/3-session.sftp.jsonl")), "close", "/tmp/x y");
        assertEquals("3-sftp/1-write-x_y", close.get("writeContents"));
        Map<String, String> sub = lines(dir.resolve("audit.jsonl")).stream().filter(l -> "subsystem".equals(l.get("type"))).findFirst().orElseThrow();
        assertEquals("c1/3-sftp/", sub.get("contents"));
    }

    @Test
    void withoutContentsNothingButTheLogsIsWritten() throws Exception {
        RecordingTap tap = new RecordingTap(dir, 1 << 20, 1);
        RelayedChannel fwd = channel(2, ChannelOpenData.DIRECT_TCPIP, new ChannelOpenData.DirectTcpip("web", 80, "127.0.0.1", 1).toBytes());
        tap.channelOpened(fwd);
        tap.data(fwd, Flow.CLIENT_TO_UPSTREAM, 0, Bytes.utf8("secret"));
        tap.channelClosed(fwd);
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(dir.resolve("audit.jsonl")), files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".lock")).toList());
        }
    }
}
