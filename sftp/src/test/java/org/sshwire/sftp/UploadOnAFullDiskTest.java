package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.internal.SftpPacket;

/**
 * A full disk (a 1 MiB tmpfs) never costs an existing file: the failing WRITE says why, the
 * CLOSE fails with the same reason and commits nothing, the old file is byte for byte as it was
 * and no temp file is left (issue 15 item 4: an upload over an existing file used to leave it
 * 0 bytes long).
 */
class UploadOnAFullDiskTest {
    private static final int PUT = OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC;
    private static final int CHUNK = 32 * 1024;

    @TempDir
    Path tmp;
    Tmpfs disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Tmpfs.mount(tmp, "1m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(disk.dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Writes 32 KiB chunks until one fails (the disk holds 1 MiB); returns that WRITE's status. */
    private static SftpPacket.Status writeUntilFull(EngineHarness h, Bytes handle) {
        byte[] chunk = new byte[CHUNK];
        new Random(7).nextBytes(chunk);
        for (int i = 0; i < 64; i++) {
            SftpPacket.Status st = (SftpPacket.Status) h.call(new SftpPacket.Write(10 + i, handle, (long) i * CHUNK, Bytes.of(chunk)));
            if (st.code() != StatusCode.OK) {
                return st;
            }
        }
        return null;
    }

    @Test
    void anOverwriteThatRunsOutOfSpaceFailsAtCloseAndLeavesTheOldFileExactlyAsItWas() throws Exception {
        Path f = disk.dir.resolve("f");
        Trees.writeRandomFile(f, 256 * 1024, 1);
        String before = Trees.sha256(f);
        EngineHarness h = new EngineHarness(RootedFileSystem.at(disk.dir), SftpServerConfig.defaults()).init();
        h.replies();
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "/f", PUT, FileAttributes.EMPTY))).handle();

        SftpPacket.Status failed = writeUntilFull(h, handle);
        assertNotNull(failed, "a 2 MiB upload fitted on a 1 MiB tmpfs");
        assertEquals(StatusCode.FAILURE, failed.code());
        assertEquals("No space left on device", failed.message());
        assertEquals(before, Trees.sha256(f));

        SftpPacket.Status closed = (SftpPacket.Status) h.call(new SftpPacket.Close(100, handle));
        assertEquals(StatusCode.FAILURE, closed.code());
        assertTrue(closed.message().startsWith("No space left on device"), closed.message());
        assertEquals(before, Trees.sha256(f));
        assertEquals(List.of("f"), names());
        assertEquals(0, h.engine.openHandles());

        // the temp file's space is free again: an upload that fits replaces the file
        Bytes again = ((SftpPacket.Handle) h.call(new SftpPacket.Open(200, "/f", PUT, FileAttributes.EMPTY))).handle();
        byte[] small = "fits".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(StatusCode.OK, ((SftpPacket.Status) h.call(new SftpPacket.Write(201, again, 0, Bytes.of(small)))).code());
        assertEquals(StatusCode.OK, ((SftpPacket.Status) h.call(new SftpPacket.Close(202, again))).code());
        assertEquals("fits", Files.readString(f));
        assertEquals(List.of("f"), names());
    }

    @Test
    void aNewFileThatRunsOutOfSpaceReportsItAtCloseAndKeepsThePartFileForReput() throws Exception {
        EngineHarness h = new EngineHarness(RootedFileSystem.at(disk.dir), SftpServerConfig.defaults()).init();
        h.replies();
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "/new", PUT, FileAttributes.EMPTY))).handle();
        SftpPacket.Status failed = writeUntilFull(h, handle);
        assertNotNull(failed);
        assertEquals("No space left on device", failed.message());
        SftpPacket.Status closed = (SftpPacket.Status) h.call(new SftpPacket.Close(100, handle));
        assertEquals(StatusCode.FAILURE, closed.code());
        assertTrue(closed.message().startsWith("No space left on device"), closed.message());
        // written in place, as OpenSSH does: what fitted stays, in whole chunks, for a resume
        assertEquals(List.of("new"), names());
        assertTrue(Files.size(disk.dir.resolve("new")) > 0);
    }
}
