package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.sftp.internal.SftpOperation;

/**
 * An upload over an existing file that does not end in a clean CLOSE — a WRITE failed, the
 * client was killed, the session was shut down — leaves that file exactly as it was and no temp
 * file behind (the server stopped as a process: {@link StoppedServerUploadTest}; a full disk:
 * {@link UploadOnAFullDiskTest}).
 */
class InterruptedUploadTest {
    private static final int PUT = OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC;
    private static final String OLD = "complete old content";

    @TempDir
    Path root;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Bytes bytes(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A file system whose writes fail as a full disk does, recording how each file was released. */
    private static final class FailingWrites implements SftpFileSystem {
        final List<String> calls = new ArrayList<>();
        final IOException writeFailure;
        final IOException syncFailure;

        FailingWrites(IOException writeFailure, IOException syncFailure) {
            this.writeFailure = writeFailure;
            this.syncFailure = syncFailure;
        }

        @Override
        public File open(String path, int pflags, FileAttributes attrs) {
            return new File() {
                @Override
                public void write(long offset, byte[] buf, int off, int len) throws IOException {
                    if (writeFailure != null && offset > 0) {
                        throw writeFailure;
                    }
                }

                @Override
                public void sync() throws IOException {
                    if (syncFailure != null) {
                        throw syncFailure;
                    }
                    throw SftpFileSystem.unsupported();
                }

                @Override
                public void close() {
                    calls.add("close");
                }

                @Override
                public void abort() {
                    calls.add("abort");
                }
            };
        }
    }

    private static EngineHarness harness(SftpFileSystem fs) {
        EngineHarness h = new EngineHarness(fs, SftpServerConfig.defaults()).init();
        h.replies();
        return h;
    }

    @Test
    void afterAFailedWriteCloseAbortsTheFileAndFailsWithTheReason() {
        FailingWrites fs = new FailingWrites(new IOException("No space left on device"), null);
        EngineHarness h = harness(fs);
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "f", PUT, FileAttributes.EMPTY))).handle();
        assertEquals(StatusCode.OK, ((SftpPacket.Status) h.call(new SftpPacket.Write(2, handle, 0, bytes("a")))).code());
        SftpPacket.Status w = (SftpPacket.Status) h.call(new SftpPacket.Write(3, handle, 1, bytes("b")));
        assertEquals(StatusCode.FAILURE, w.code());
        assertEquals("No space left on device", w.message());
        // a client that ignores the failed WRITE and goes on is not told OK at the end
        h.call(new SftpPacket.Write(4, handle, 0, bytes("c")));
        SftpPacket.Status c = (SftpPacket.Status) h.call(new SftpPacket.Close(5, handle));
        assertEquals(StatusCode.FAILURE, c.code());
        assertEquals("No space left on device (an earlier write to this handle failed)", c.message());
        assertEquals(List.of("abort"), fs.calls);
        assertEquals(0, h.engine.openHandles());
    }

    @Test
    void aFailedFsyncAlsoMakesCloseCommitNothingButAnUnsupportedOneDoesNot() {
        FailingWrites failing = new FailingWrites(null, new IOException("Input/output error"));
        EngineHarness h = harness(failing);
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "f", PUT, FileAttributes.EMPTY))).handle();
        SftpPacket fsync = new SftpPacket.Extended(2, "fsync@openssh.com", new org.sshwire.transport.wire.SshWriter(16)
                .writeString(handle.toArray()).toBytes());
        assertEquals("Input/output error", ((SftpPacket.Status) h.call(fsync)).message());
        assertEquals(StatusCode.FAILURE, ((SftpPacket.Status) h.call(new SftpPacket.Close(3, handle))).code());
        assertEquals(List.of("abort"), failing.calls);

        FailingWrites plain = new FailingWrites(null, null);
        h = harness(plain);
        handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "f", PUT, FileAttributes.EMPTY))).handle();
        fsync = new SftpPacket.Extended(2, "fsync@openssh.com", new org.sshwire.transport.wire.SshWriter(16)
                .writeString(handle.toArray()).toBytes());
        assertEquals(StatusCode.OP_UNSUPPORTED, ((SftpPacket.Status) h.call(fsync)).code());
        assertEquals(StatusCode.OK, ((SftpPacket.Status) h.call(new SftpPacket.Close(3, handle))).code());
        assertEquals(List.of("close"), plain.calls);
    }

    @Test
    void aSessionThatEndsWithoutCloseLeavesTheOldFileAndNoTempFile() throws Exception {
        Files.writeString(root.resolve("f"), OLD);
        EngineHarness h = harness(RootedFileSystem.at(root));
        Bytes handle = ((SftpPacket.Handle) h.call(new SftpPacket.Open(1, "/f", PUT, FileAttributes.EMPTY))).handle();
        assertEquals(StatusCode.OK, ((SftpPacket.Status) h.call(new SftpPacket.Write(2, handle, 0, bytes("half")))).code());
        assertEquals(2, names().size()); // the temp file, beside the untouched target
        h.engine.receiveEof(); // the connection dropped: no CLOSE will come
        for (SftpOperation op : h.engine.shutdown()) {
            op.run();
        }
        assertEquals(OLD, Files.readString(root.resolve("f")));
        assertEquals(List.of("f"), names());
    }

    @Test
    void aClientKilledMidUploadOverAStreamLeavesTheOldFileAndNoTempFile() throws Exception {
        Files.writeString(root.resolve("f"), OLD);
        Pipe toServer = Pipe.open();
        Pipe toClient = Pipe.open();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SftpStreamServer server = new SftpStreamServer(RootedFileSystem.at(root), SftpServerConfig.defaults(), pool);
            Future<?> served = pool.submit(() -> {
                try (var out = Channels.newOutputStream(toClient.sink())) {
                    server.serve(Channels.newInputStream(toServer.source()), out);
                }
                return null;
            });
            var clientOut = Channels.newOutputStream(toServer.sink());
            SftpClient c = SftpClient.open(Channels.newInputStream(toClient.source()), clientOut);
            SftpHandle h = c.open("/f", PUT, FileAttributes.EMPTY);
            byte[] half = "half of the new content".getBytes(StandardCharsets.UTF_8);
            c.write(h, 0, half, 0, half.length);
            clientOut.close(); // the client dies: its side of the stream just ends
            served.get(30, TimeUnit.SECONDS);
            assertEquals(OLD, Files.readString(root.resolve("f")));
            assertEquals(List.of("f"), names());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUploadDiscardedWhileItsCloseIsPendingFailsThatCloseAndCommitsNothing() throws Exception {
        // what the shutdown hook does to a live upload (UploadTempFiles.abortAll) before the CLOSE arrives
        Files.writeString(root.resolve("f"), OLD);
        SftpFileSystem.File f = RootedFileSystem.at(root).open("/f", PUT, FileAttributes.EMPTY);
        f.write(0, new byte[] {1, 2, 3}, 0, 3);
        f.abort();
        SftpException e = assertThrows(SftpException.class, f::close);
        assertEquals(StatusCode.FAILURE, e.status());
        assertTrue(e.serverMessage().contains("discarded"), e.serverMessage());
        assertEquals(OLD, Files.readString(root.resolve("f")));
        assertEquals(List.of("f"), names());
    }

    @Test
    void aFailedWriteOnAStagedUploadMakesItsOwnCloseFailEvenWithoutTheEngine() throws Exception {
        // library users calling the file system directly get the same rule as the engine's CLOSE
        Files.writeString(root.resolve("f"), OLD);
        SftpFileSystem.File f = RootedFileSystem.at(root).open("/f", PUT, FileAttributes.EMPTY);
        f.write(0, new byte[] {1}, 0, 1);
        assertThrows(IOException.class, () -> f.write(Long.MAX_VALUE - 1, new byte[] {1, 2}, 0, 2)); // EFBIG from pwrite
        SftpException e = assertThrows(SftpException.class, f::close);
        assertEquals(StatusCode.FAILURE, e.status());
        assertTrue(e.serverMessage().endsWith("upload discarded, f unchanged"), e.serverMessage());
        assertEquals(OLD, Files.readString(root.resolve("f")));
        assertEquals(List.of("f"), names());
    }
}
