package org.sshwire.proxy.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.transport.wire.Bytes;

/** The recording formats: asciicast v2 events, the SFTP operations log, rotation, JSON strings. */
class RecordingFormatsTest {
    @TempDir
    Path dir;

    static final FileAttributes NO_ATTRS = new FileAttributes(0, 0, 0, 0, 0, 0, 0, List.of());

    /** The text of every "o" event, joined, read back with a JSON parser of our own making (strings only). */
    static String output(Path cast) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(cast).subList(1, Files.readAllLines(cast).size())) {
            int o = line.indexOf(", \"o\", \"");
            if (o >= 0) {
                b.append(unescape(line.substring(o + 8, line.length() - 2)));
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }

    @Property(tries = 50)
    void utf8SplitAnywhereAcrossChunksIsRecordedWhole(@ForAll @IntRange(min = 1, max = 7) int chunk,
                                                      @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
        String text = "prompt$ ls\r\nnaïve café 日本語 🙂 \u001b[1;32mgreen\u001b[0m \"quoted\" back\\slash\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path tmp = Files.createTempDirectory("sshwire-cast"); // jqwik properties get no @TempDir
        Path cast = tmp.resolve("s.cast");
        try (Asciicast a = new Asciicast(cast, 1 << 20, 1, 80, 24, "xterm", "t")) {
            Random r = new Random(seed);
            for (int off = 0; off < bytes.length; ) {
                int n = Math.min(bytes.length - off, 1 + r.nextInt(chunk));
                byte[] part = java.util.Arrays.copyOfRange(bytes, off, off + n);
                a.output(part);
                off += n;
            }
        }
        assertEquals(text, output(cast));
        String header = Files.readAllLines(cast).get(0);
        assertTrue(header.startsWith("{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":"), header);
        assertTrue(header.endsWith(",\"title\":\"t\",\"env\":{\"TERM\":\"xterm\",\"SHELL\":\"/bin/sh\"}}"), header);
        Files.delete(cast);
        Files.delete(tmp);
    }

    @Test
    void eventsAreTimedInputOutputAndResizeLines() throws Exception {
        Path cast = dir.resolve("s.cast");
        try (Asciicast a = new Asciicast(cast, 1 << 20, 1, 80, 24, "xterm", "t")) {
            a.output("$ ".getBytes(StandardCharsets.UTF_8));
            a.input("l".getBytes(StandardCharsets.UTF_8));
            a.resize(100, 30);
        }
        List<String> lines = Files.readAllLines(cast);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).matches("\\[[0-9]+\\.[0-9]{6}, \"o\", \"\\$ \"\\]"), lines.get(1));
        assertTrue(lines.get(2).matches("\\[[0-9]+\\.[0-9]{6}, \"i\", \"l\"\\]"), lines.get(2));
        assertTrue(lines.get(3).matches("\\[[0-9]+\\.[0-9]{6}, \"r\", \"100x30\"\\]"), lines.get(3));
    }

    @Test
    void aFileAtItsCapMovesAsideAndTheNewPartStartsWithTheHeader() throws Exception {
        Path f = dir.resolve("log");
        try (RotatingFile r = new RotatingFile(f, 100, 2, () -> "HEADER")) {
            for (int i = 0; i < 30; i++) {
                r.line("line " + i + " ....");
            }
        }
        List<String> now = Files.readAllLines(f);
        assertEquals("HEADER", now.get(0));
        assertEquals("line 29 ....", now.get(now.size() - 1));
        assertEquals("HEADER", Files.readAllLines(dir.resolve("log.1")).get(0));
        assertEquals("HEADER", Files.readAllLines(dir.resolve("log.2")).get(0));
        assertTrue(!Files.exists(dir.resolve("log.3")), "only two old parts are kept");
        for (Path p : List.of(f, dir.resolve("log.1"), dir.resolve("log.2"))) {
            assertTrue(Files.size(p) <= 100, p + " is " + Files.size(p) + " bytes");
        }
        // Nothing between the newest kept parts is lost: their lines run on without a gap.
        List<String> kept = new ArrayList<>();
        for (Path p : List.of(dir.resolve("log.2"), dir.resolve("log.1"), f)) {
            kept.addAll(Files.readAllLines(p).subList(1, Files.readAllLines(p).size()));
        }
        int first = Integer.parseInt(kept.get(0).split(" ")[1]);
        for (int i = 0; i < kept.size(); i++) {
            assertEquals("line " + (first + i) + " ....", kept.get(i));
        }
    }

    /**
     * Two bastion instances appending to one audit log and rotating it: every line is kept exactly
     * once, no part passes the cap, and neither goes on writing into a part the other moved aside.
     */
    @Test
    void instancesSharingAnAuditLogRotateItTogetherWithoutLosingALine() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        int perInstance = 400;
        try (RotatingFile a = RotatingFile.shared(f, 300, 10_000); RotatingFile b = RotatingFile.shared(f, 300, 10_000)) {
            Thread other = new Thread(() -> {
                try {
                    for (int i = 0; i < perInstance; i++) {
                        b.line("{\"instance\":\"b\",\"n\":" + i + "}");
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            other.start();
            for (int i = 0; i < perInstance; i++) {
                a.line("{\"instance\":\"a\",\"n\":" + i + "}");
            }
            other.join();
        }
        List<String> all = new ArrayList<>();
        try (java.util.stream.Stream<Path> parts = Files.list(dir)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("audit.jsonl")
                    && !p.getFileName().toString().endsWith(".lock")).toList()) {
                assertTrue(Files.size(p) <= 300, p + " is " + Files.size(p) + " bytes");
                all.addAll(Files.readAllLines(p));
            }
        }
        assertEquals(2 * perInstance, all.size());
        assertEquals(2 * perInstance, new java.util.HashSet<>(all).size(), "no line twice");
        for (String who : List.of("a", "b")) {
            for (int i = 0; i < perInstance; i++) {
                assertTrue(all.contains("{\"instance\":\"" + who + "\",\"n\":" + i + "}"), who + " " + i);
            }
        }
    }

    @Test
    void theSftpLogNamesEachFileWithTheBytesReadAndWrittenThroughItsHandle() throws Exception {
        Path f = dir.resolve("ops.jsonl");
        Bytes handle = Bytes.utf8("h1");
        // The conversation in the order the relay sees it, each packet fed in odd slices as
        // channel data arrives (a client sends WRITEs only once it has the handle).
        List<Object[]> talk = List.of(
                new Object[] {true, new SftpPacket.Init(3, List.of())},
                new Object[] {false, new SftpPacket.Version(3, List.of())},
                new Object[] {true, new SftpPacket.Open(1, "/srv/a b.txt", 0x1a, NO_ATTRS)},
                new Object[] {false, new SftpPacket.Handle(1, handle)},
                new Object[] {true, new SftpPacket.Write(2, handle, 0, Bytes.wrap(new byte[1000]))},
                new Object[] {true, new SftpPacket.Write(3, handle, 1000, Bytes.wrap(new byte[24]))},
                new Object[] {false, SftpPacket.Status.of(2, 0)},
                new Object[] {false, SftpPacket.Status.of(3, 0)},
                new Object[] {true, new SftpPacket.Close(4, handle)},
                new Object[] {false, SftpPacket.Status.of(4, 0)},
                new Object[] {true, new SftpPacket.Rename(5, "/srv/a b.txt", "/srv/c.txt")},
                new Object[] {false, SftpPacket.Status.of(5, 0)},
                new Object[] {true, new SftpPacket.Remove(6, "/srv/missing")},
                new Object[] {false, SftpPacket.Status.of(6, 2)});
        try (SftpLog log = new SftpLog(f, 1 << 20, 1)) {
            for (Object[] step : talk) {
                byte[] frame = ((SftpPacket) step[1]).toFrame();
                feed(frame, 7, (Boolean) step[0] ? log::fromClient : log::fromServer);
            }
        }
        List<String> ops = Files.readAllLines(f).stream().map(l -> l.replaceFirst("\\{\"time\":\"[^\"]+\",", "{")).toList();
        assertEquals(List.of(
                "{\"op\":\"init\",\"version\":3}",
                "{\"op\":\"version\",\"version\":3}",
                "{\"op\":\"open\",\"path\":\"/srv/a b.txt\",\"flags\":\"write,create,truncate\",\"status\":\"ok\"}",
                "{\"op\":\"close\",\"path\":\"/srv/a b.txt\",\"bytesRead\":0,\"bytesWritten\":1024,\"status\":\"ok\"}",
                "{\"op\":\"rename\",\"path\":\"/srv/a b.txt\",\"to\":\"/srv/c.txt\",\"status\":\"ok\"}",
                "{\"op\":\"remove\",\"path\":\"/srv/missing\",\"status\":\"error 2: No such file\"}"), ops);
    }

    @Test
    void aStreamThatIsNotSftpEndsTheLogWithANoteAndNothingElse() throws Exception {
        Path f = dir.resolve("ops.jsonl");
        try (SftpLog log = new SftpLog(f, 1 << 20, 1)) {
            log.fromClient(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
            log.fromClient(new SftpPacket.Init(3, List.of()).toFrame());
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"op\":\"unparsed\""), lines.get(0));
    }

    interface Sink {
        void accept(byte[] b) throws Exception;
    }

    static void feed(byte[] all, int slice, Sink sink) throws Exception {
        for (int off = 0; off < all.length; off += slice) {
            sink.accept(java.util.Arrays.copyOfRange(all, off, Math.min(all.length, off + slice)));
        }
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesAndControls() {
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\r\\t\\u001b[0m\\u0000\"}", new Json().put("s", "a\"b\\c\n\r\t\u001b[0m\u0000").toString());
        assertEquals("{\"n\":3,\"b\":true,\"l\":[\"x\",1]}", new Json().put("n", 3).put("b", true).put("l", List.of("x", 1)).put("gone", null).toString());
    }
}
