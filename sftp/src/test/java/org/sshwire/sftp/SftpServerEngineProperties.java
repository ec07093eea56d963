package org.sshwire.sftp;

import org.sshwire.sftp.internal.SftpOperation;
import org.sshwire.sftp.internal.SftpPacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The server engine on arbitrary input: it never throws, and answers each request exactly once. */
class SftpServerEngineProperties {
    static Path base;
    static Path root;

    @BeforeContainer
    static void makeRoot() throws IOException {
        base = Files.createTempDirectory("sshwire-sftp-prop");
        root = Files.createDirectory(base.resolve("root"));
        Files.writeString(base.resolve("outside.txt"), "outside");
        Files.writeString(root.resolve("a"), "inside");
        Files.createDirectory(root.resolve("b"));
    }

    @AfterContainer
    static void removeRoot() throws IOException {
        try (Stream<Path> s = Files.walk(base)) {
            s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 500)
    void arbitraryBytesNeverMakeTheEngineThrow(@ForAll("chunks") List<byte[]> chunks) {
        EngineHarness h = new EngineHarness(new SftpFileSystem() { }, SftpServerConfig.defaults()).init();
        for (byte[] c : chunks) {
            h.engine.receive(ByteBuffer.wrap(c));
            h.runAll();
        }
        h.replies();
    }

    @Property(tries = 1000)
    void everyRequestIsAnsweredExactlyOnceAndNothingEscapesTheRoot(
            @ForAll("requests") List<SftpPacket.Request> requests) throws IOException {
        EngineHarness h = new EngineHarness(RootedFileSystem.at(root), SftpServerConfig.defaults()).init();
        h.replies();
        List<Integer> ids = new ArrayList<>();
        int id = 0;
        for (SftpPacket.Request r : requests) {
            h.feed(renumber(r, id));
            ids.add(id++);
        }
        h.runAll();
        List<Integer> answered = new ArrayList<>();
        for (SftpPacket p : h.replies()) {
            answered.add(((SftpPacket.Response) p).id());
        }
        answered.sort(null);
        assertEquals(ids, answered);
        for (SftpOperation op : h.engine.shutdown()) {
            op.run();
        }
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(List.of("outside.txt", "root"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("outside", Files.readString(base.resolve("outside.txt")));
        assertTrue(h.engine.isClosed());
    }

    /** The same request with request id {@code id} (ids must be unique to match replies). */
    private static SftpPacket.Request renumber(SftpPacket.Request r, int id) {
        byte[] b = r.encode().toArray();
        b[1] = (byte) (id >>> 24);
        b[2] = (byte) (id >>> 16);
        b[3] = (byte) (id >>> 8);
        b[4] = (byte) id;
        return (SftpPacket.Request) SftpPacket.decode(b);
    }

    @Provide
    Arbitrary<List<byte[]>> chunks() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<SftpPacket.Request>> requests() {
        Arbitrary<String> paths = Arbitraries.of("a", "b", "/a", "../a", "b/../a", "..", "/", "c", "b/c", "../outside.txt",
                "/../outside.txt", "", ".", "b/./c/..", "~");
        Arbitrary<Integer> handle = Arbitraries.integers().between(0, 5);
        Arbitrary<SftpPacket.Request> one = Arbitraries.oneOf(List.of(
                net.jqwik.api.Combinators.combine(paths, Arbitraries.integers().between(0, 63))
                        .as((p, f) -> new SftpPacket.Open(0, p, f, FileAttributes.EMPTY)),
                paths.map(p -> new SftpPacket.Opendir(0, p)),
                paths.map(p -> new SftpPacket.Stat(0, p)),
                paths.map(p -> new SftpPacket.Remove(0, p)),
                paths.map(p -> new SftpPacket.Mkdir(0, p, FileAttributes.EMPTY)),
                paths.map(p -> new SftpPacket.Rmdir(0, p)),
                paths.map(p -> new SftpPacket.Realpath(0, p)),
                net.jqwik.api.Combinators.combine(paths, paths).as((x, y) -> new SftpPacket.Rename(0, x, y)),
                net.jqwik.api.Combinators.combine(paths, paths).as((x, y) -> new SftpPacket.Symlink(0, x, y)),
                handle.map(i -> new SftpPacket.Read(0, handleBytes(i), 0, 100)),
                handle.map(i -> new SftpPacket.Write(0, handleBytes(i), 0, org.sshwire.transport.wire.Bytes.utf8("x"))),
                handle.map(i -> new SftpPacket.Readdir(0, handleBytes(i))),
                handle.map(i -> new SftpPacket.Close(0, handleBytes(i))),
                paths.map(p -> new SftpPacket.Extended(0, "expand-path@openssh.com",
                        new org.sshwire.transport.wire.SshWriter().writeUtf8(p).toBytes()))));
        return one.list().ofMaxSize(20);
    }

    private static org.sshwire.transport.wire.Bytes handleBytes(int i) {
        return new org.sshwire.transport.wire.SshWriter().writeUint32(i).toBytes();
    }
}
