package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.sftp.internal.SftpPacket;

/** Hostile clients: every attack gets the right status or a clean close, with bounded memory. */
class HostileInputTest {
    @TempDir
    Path root;
    EngineHarness h;

    @BeforeEach
    void setUp() throws Exception {
        Trees.writeRandomFile(root.resolve("f"), 1 << 20, 1);
        h = new EngineHarness(RootedFileSystem.at(root), SftpServerConfig.defaults()).init();
        assertInstanceOf(SftpPacket.Version.class, h.replies().get(0));
    }

    static long status(SftpPacket p) {
        return ((SftpPacket.Status) p).code();
    }

    @Test
    void aPacketClaiming4GiBClosesTheSessionWithoutAllocating() {
        long before = usedHeap();
        h.feedRaw(Bytes.fromHex("ffffffff11000000").toArray());
        assertTrue(h.engine.isClosed());
        assertTrue(h.replies().isEmpty());
        assertTrue(usedHeap() - before < 64L << 20, "no large allocation");
        h.feed(new SftpPacket.Stat(1, "f"));
        h.runAll();
        assertTrue(h.replies().isEmpty(), "nothing is served after the close");
    }

    @Test
    void aHundredThousandOpensGetHandlesUpToTheLimitThenFailure() {
        int handles = 0;
        int failures = 0;
        for (int i = 0; i < 100_000; i++) {
            h.feed(new SftpPacket.Open(i, "f", OpenFlags.READ, FileAttributes.EMPTY));
            if (i % 1000 == 999) {
                h.runAll();
                for (SftpPacket p : h.replies()) {
                    if (p instanceof SftpPacket.Handle) {
                        handles++;
                    } else {
                        assertEquals(StatusCode.FAILURE, status(p));
                        failures++;
                    }
                }
            }
        }
        assertEquals(SftpServerConfig.defaults().maxHandles(), handles);
        assertEquals(100_000 - handles, failures);
        assertEquals(handles, h.engine.openHandles());
        // closing one frees a slot
        h.call(new SftpPacket.Close(1, new SshWriter().writeUint32(0).toBytes()));
        assertInstanceOf(SftpPacket.Handle.class, h.call(new SftpPacket.Open(2, "f", OpenFlags.READ, FileAttributes.EMPTY)));
    }

    @Test
    void aReadOf2To31BytesIsShortenedAsOpenSshDoes() {
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "f", OpenFlags.READ, FileAttributes.EMPTY))).handle();
        for (long len : List.of(1L << 31, 0xffffffffL)) {
            SftpPacket.Data d = (SftpPacket.Data) h.call(new SftpPacket.Read(2, handle, 0, len));
            assertEquals(SftpServerConfig.defaults().maxReadLength(), d.data().length());
        }
        assertEquals(StatusCode.EOF, status(h.call(new SftpPacket.Read(3, handle, 1L << 40, 1 << 20))));
        assertEquals(StatusCode.EOF, status(h.call(new SftpPacket.Read(4, handle, -1L, 10))));
    }

    @Test
    void unknownPacketTypesAndExtensionsAreUnsupported() {
        SftpPacket r = h.call(new SftpPacket.Raw(99, Bytes.fromHex("0000002a")));
        assertEquals(new SftpPacket.Status(42, StatusCode.OP_UNSUPPORTED, "Operation unsupported", ""), r);
        assertEquals(StatusCode.OP_UNSUPPORTED, status(h.call(new SftpPacket.Status(43, 0, "", ""))));
        assertEquals(StatusCode.OP_UNSUPPORTED, status(h.call(new SftpPacket.Extended(44, "evil@example.com", Bytes.EMPTY))));
        assertEquals(StatusCode.BAD_MESSAGE, status(h.call(new SftpPacket.Extended(45, "statvfs@openssh.com", Bytes.EMPTY))));
        assertEquals(StatusCode.BAD_MESSAGE, status(h.call(new SftpPacket.Extended(46, "users-groups-by-id@openssh.com",
                new SshWriter().writeString(new byte[3]).writeString(new byte[0]).toBytes()))));
        assertFalse(h.engine.isClosed());
    }

    @Test
    void badHandlesAndDoubleClosesFail() {
        assertEquals(StatusCode.FAILURE, status(h.call(new SftpPacket.Read(1, Bytes.fromHex("deadbeef"), 0, 10))));
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(2, "f", OpenFlags.READ, FileAttributes.EMPTY))).handle();
        assertEquals(StatusCode.OK, status(h.call(new SftpPacket.Close(3, handle))));
        assertEquals(StatusCode.FAILURE, status(h.call(new SftpPacket.Close(4, handle))));
        assertEquals(StatusCode.FAILURE, status(h.call(new SftpPacket.Readdir(5, handle))));
    }

    @Test
    void aMalformedRequestIsAnsweredWithBadMessageAndTheSessionGoesOn() {
        h.feedRaw(Bytes.fromHex("00000006" + "03" + "00000009" + "ff").toArray());
        h.feedRaw(Bytes.fromHex("0000000c" + "11" + "0000000a" + "00000003" + "c3282f").toArray()); // not UTF-8
        assertEquals(List.of(SftpPacket.Status.of(9, StatusCode.BAD_MESSAGE), SftpPacket.Status.of(10, StatusCode.BAD_MESSAGE)),
                h.replies());
        assertInstanceOf(SftpPacket.Attrs.class, h.call(new SftpPacket.Stat(11, "f")));
    }

    @Test
    void writesWhoseLengthsDisagreeWithThePacketAreBadMessages() {
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "f", OpenFlags.WRITE, FileAttributes.EMPTY))).handle();
        String head = "06" + "00000002" + "00000004" + handle.toHex() + "0000000000000000";
        // Longer than the packet: BAD_MESSAGE. (Shorter is a write of the declared data, the rest
        // skipped as OpenSSH's sftp-server does: PeerRequestBytesTest.)
        for (String data : List.of("00000005" + "aabb", "ffffffff" + "aa")) {
            byte[] body = Bytes.fromHex(head + data).toArray();
            h.feedRaw(new SshWriter().writeString(body).toByteArray());
            h.runAll();
            assertEquals(List.of(SftpPacket.Status.of(2, StatusCode.BAD_MESSAGE)), h.replies());
        }
        h.feedRaw(new SshWriter().writeString(Bytes.fromHex(head + "00000002" + "aabb").toArray()).toByteArray());
        h.runAll();
        assertEquals(List.of(SftpPacket.Status.of(2, StatusCode.OK)), h.replies());
    }

    @Test
    void requestsBeforeInitAndASecondInitCloseTheSession() throws Exception {
        EngineHarness fresh = new EngineHarness(RootedFileSystem.at(root), SftpServerConfig.defaults());
        fresh.feed(new SftpPacket.Stat(1, "f"));
        assertTrue(fresh.engine.isClosed());
        h.feed(new SftpPacket.Init(3, List.of()));
        assertTrue(h.engine.isClosed());
    }

    @Test
    void pendingWorkIsBoundedByBackpressure() {
        SftpServerConfig small = SftpServerConfig.defaults();
        small = new SftpServerConfig(false, null, java.util.Set.of(), 16, 8, small.maxReadLength());
        EngineHarness b = new EngineHarness(new SftpFileSystem() { }, small).init();
        b.replies();
        for (int i = 0; i < 8; i++) {
            b.feed(new SftpPacket.Stat(i, "x"));
        }
        assertFalse(b.engine.wantsInput());
        b.runAll();
        assertTrue(b.engine.wantsInput());
        assertEquals(8, b.replies().size());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
