package org.sshwire.sftp;

import org.sshwire.sftp.internal.SftpOperation;
import org.sshwire.sftp.internal.SftpPacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.wire.Bytes;

class SftpServerEngineTest {
    @TempDir
    Path root;

    EngineHarness harness(SftpServerConfig config) throws Exception {
        Trees.writeRandomFile(root.resolve("f"), 1 << 20, 1);
        Trees.writeRandomFile(root.resolve("g"), 1 << 20, 2);
        return new EngineHarness(RootedFileSystem.at(root), config);
    }

    @Test
    void everyClientVersionIsAnsweredWithVersion3AndTheOpenSshExtensions() throws Exception {
        for (long v : List.of(1L, 2L, 3L, 6L)) {
            EngineHarness h = harness(SftpServerConfig.defaults());
            h.feed(new SftpPacket.Init(v, List.of()));
            SftpPacket.Version version = (SftpPacket.Version) h.replies().get(0);
            assertEquals(3, version.version());
            assertEquals(ClientOperations.EXTENSIONS, version.extensions().stream().map(ExtensionPair::name).toList());
            assertEquals("2", version.extensions().get(1).data().asUtf8()); // statvfs@openssh.com "2"
        }
    }

    @Test
    void requestsOnOneHandleRunOneAtATimeAndAnswerInOrder() throws Exception {
        EngineHarness h = harness(SftpServerConfig.defaults()).init();
        h.replies();
        Bytes f = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "f", OpenFlags.READ, FileAttributes.EMPTY))).handle();
        Bytes g = ((SftpPacket.Handle) h.call(new SftpPacket.Open(2, "g", OpenFlags.READ, FileAttributes.EMPTY))).handle();
        for (int i = 0; i < 32; i++) {
            h.feed(new SftpPacket.Read(100 + i, f, i * 32768L, 32768));
            h.feed(new SftpPacket.Read(200 + i, g, i * 32768L, 32768));
        }
        assertEquals(64, h.engine.operationsInFlight());
        // one operation per lane is released: the two handles proceed in parallel, each in order
        SftpOperation a = h.engine.pollOperation();
        SftpOperation b = h.engine.pollOperation();
        assertNotNull(a);
        assertNotNull(b);
        assertNull(h.engine.pollOperation());
        // completing out of order across handles is fine
        b.run();
        h.engine.complete(b);
        a.run();
        h.engine.complete(a);
        h.runAll();
        List<Integer> fIds = new ArrayList<>();
        List<Integer> gIds = new ArrayList<>();
        for (SftpPacket p : h.replies()) {
            int id = ((SftpPacket.Data) p).id();
            (id < 200 ? fIds : gIds).add(id);
        }
        assertEquals(32, fIds.size());
        for (int i = 0; i < 32; i++) {
            assertEquals(100 + i, fIds.get(i));
            assertEquals(200 + i, gIds.get(i));
        }
    }

    @Test
    void readOnlyModeRefusesEveryWrite() throws Exception {
        EngineHarness h = harness(SftpServerConfig.defaults().withReadOnly(true)).init();
        h.replies();
        for (SftpPacket p : List.of(
                new SftpPacket.Open(1, "f", OpenFlags.WRITE, FileAttributes.EMPTY),
                new SftpPacket.Open(2, "new", OpenFlags.READ | OpenFlags.CREAT, FileAttributes.EMPTY),
                new SftpPacket.Remove(3, "f"), new SftpPacket.Mkdir(4, "d", FileAttributes.EMPTY),
                new SftpPacket.Rmdir(5, "d"), new SftpPacket.Rename(6, "f", "h"),
                new SftpPacket.Symlink(7, "f", "l"), new SftpPacket.Setstat(8, "f", FileAttributes.EMPTY.withSize(0)),
                new SftpPacket.Extended(9, "posix-rename@openssh.com", Bytes.EMPTY),
                new SftpPacket.Extended(10, "hardlink@openssh.com", Bytes.EMPTY))) {
            assertEquals(StatusCode.PERMISSION_DENIED, ((SftpPacket.Status) h.call(p)).code(), p.toString());
        }
        assertInstanceOf(SftpPacket.Handle.class, h.call(new SftpPacket.Open(11, "f", OpenFlags.READ, FileAttributes.EMPTY)));
        assertEquals(1 << 20, ((SftpPacket.Attrs) h.call(new SftpPacket.Stat(12, "f"))).attrs().size());
    }

    @Test
    void deniedAndAllowedRequestListsUseOpenSshNames() throws Exception {
        EngineHarness h = harness(SftpServerConfig.defaults().withDenied(Set.of("remove", "statvfs"))).init();
        h.replies();
        assertEquals(StatusCode.PERMISSION_DENIED, ((SftpPacket.Status) h.call(new SftpPacket.Remove(1, "f"))).code());
        assertEquals(StatusCode.PERMISSION_DENIED, ((SftpPacket.Status) h.call(new SftpPacket.Extended(2,
                "statvfs@openssh.com", Bytes.fromHex("0000000166")))).code());
        EngineHarness only = harness(SftpServerConfig.defaults().withAllowed(Set.of("stat"))).init();
        only.replies();
        assertInstanceOf(SftpPacket.Attrs.class, only.call(new SftpPacket.Stat(3, "f")));
        assertEquals(StatusCode.PERMISSION_DENIED, ((SftpPacket.Status) only.call(new SftpPacket.Lstat(4, "f"))).code());
    }

    @Test
    void statusMessagesAreOpenSshs() throws Exception {
        EngineHarness h = harness(SftpServerConfig.defaults()).init();
        h.replies();
        assertEquals(new SftpPacket.Status(1, StatusCode.NO_SUCH_FILE, "No such file", ""), h.call(new SftpPacket.Stat(1, "nope")));
        assertEquals(new SftpPacket.Status(2, StatusCode.OK, "Success", ""), h.call(new SftpPacket.Mkdir(2, "d", FileAttributes.EMPTY)));
        assertEquals(new SftpPacket.Status(3, StatusCode.FAILURE, "Failure", ""), h.call(new SftpPacket.Mkdir(3, "d", FileAttributes.EMPTY)));
    }

    @Test
    void aFileSystemThatSupportsNothingAnswersOpUnsupported() {
        EngineHarness h = new EngineHarness(new SftpFileSystem() { }, SftpServerConfig.defaults()).init();
        h.replies();
        assertEquals(StatusCode.OP_UNSUPPORTED, ((SftpPacket.Status) h.call(new SftpPacket.Stat(1, "/"))).code());
        assertEquals(StatusCode.OP_UNSUPPORTED, ((SftpPacket.Status) h.call(
                new SftpPacket.Open(2, "/", OpenFlags.READ, FileAttributes.EMPTY))).code());
        assertEquals(0, h.engine.openHandles());
    }
}
