package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.internal.SftpPacket;

/**
 * SftpStreamServer with pipelined requests (draft-ietf-secsh-filexfer-02 §6: requests on one
 * handle are processed in order): a READ racing the WRITE before it on the same handle sees
 * exactly that write, replies of one handle come back in request order, and a slow path request
 * holds up neither the reading thread nor another handle.
 */
class PipelinedRequestOrderTest {
    @TempDir
    Path root;

    @Test
    void pipelinedWritesAndReadsOfOneHandleKeepTheirOrder() throws Exception {
        Random rnd = new Random(42);
        try (InProcessServer s = new InProcessServer(RootedFileSystem.at(root), SftpServerConfig.defaults())) {
            SftpClient c = s.client;
            SftpHandle h = c.open("/f", OpenFlags.READ | OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY);
            int rounds = 200;
            List<byte[]> written = new ArrayList<>();
            List<CompletableFuture<SftpPacket.Response>> replies = new ArrayList<>();
            List<Integer> completionOrder = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < rounds; i++) {
                // every round overwrites the same 4 KiB, then reads it back without waiting in between
                byte[] b = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(b);
                written.add(b);
                int w = 2 * i;
                CompletableFuture<SftpPacket.Response> wf = c.send(id -> new SftpPacket.Write(id, h.value(), 0, Bytes.of(b)));
                wf.thenRun(() -> completionOrder.add(w));
                CompletableFuture<SftpPacket.Response> rf = c.send(id -> new SftpPacket.Read(id, h.value(), 0, b.length));
                rf.thenRun(() -> completionOrder.add(w + 1));
                replies.add(wf);
                replies.add(rf);
            }
            for (int i = 0; i < rounds; i++) {
                SftpClient.expectOk(replies.get(2 * i).get(30, TimeUnit.SECONDS));
                SftpPacket.Response r = replies.get(2 * i + 1).get(30, TimeUnit.SECONDS);
                assertTrue(r instanceof SftpPacket.Data, "reply " + r);
                // the read sees exactly its own round's write: not an earlier one, not a later one
                assertArrayEquals(written.get(i), ((SftpPacket.Data) r).data().toArray(), "round " + i);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 2 * rounds; i++) {
                expected.add(i);
            }
            assertEquals(expected, completionOrder, "replies of one handle come in request order");
            c.close(h);
        }
    }

    @Test
    void aSlowStatHoldsUpNeitherTheReadingThreadNorAnotherHandle() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Path f = root.resolve("f");
        Files.writeString(f, "abc");
        SftpFileSystem real = RootedFileSystem.at(root);
        SftpFileSystem fs = new SftpFileSystem() {
            @Override
            public FileAttributes stat(String path) throws java.io.IOException {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return real.stat(path);
            }

            @Override
            public File open(String path, int pflags, FileAttributes attrs) throws java.io.IOException {
                return real.open(path, pflags, attrs);
            }
        };
        try (InProcessServer s = new InProcessServer(fs, SftpServerConfig.defaults())) {
            SftpHandle h = s.client.open("/f", OpenFlags.READ, FileAttributes.EMPTY);
            CompletableFuture<SftpPacket.Response> slow = s.client.send(id -> new SftpPacket.Stat(id, "/f"));
            assertArrayEquals("abc".getBytes(), s.client.read(h, 0, 3));
            assertNotEquals(true, slow.isDone());
            release.countDown();
            assertTrue(slow.get(30, TimeUnit.SECONDS) instanceof SftpPacket.Attrs);
            s.client.close(h);
        }
    }
}
