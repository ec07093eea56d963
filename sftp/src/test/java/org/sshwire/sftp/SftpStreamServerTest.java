package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stream driver runs filesystem work off the engine: a slow call stalls only its own lane. */
class SftpStreamServerTest {
    @Test
    void aBlockedFilesystemCallDoesNotStallOtherHandlesOrImmediateReplies() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SftpFileSystem fs = new SftpFileSystem() {
            @Override
            public FileAttributes stat(String path) throws IOException {
                entered.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return FileAttributes.EMPTY.withSize(7);
            }

            @Override
            public File open(String path, int pflags, FileAttributes attrs) {
                return new File() {
                    @Override
                    public int read(long offset, byte[] buf, int off, int len) {
                        return offset >= 3 ? -1 : 3;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
        try (InProcessServer s = new InProcessServer(fs, SftpServerConfig.defaults())) {
            SftpClient c = s.client;
            SftpHandle h = c.open("/f", OpenFlags.READ, FileAttributes.EMPTY);
            CompletableFuture<FileAttributes> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.stat("/slow");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            // while stat blocks a filesystem thread: another handle's READ and limits@openssh.com are served
            assertEquals(3, c.read(h, 0, 3).length);
            assertEquals(256, c.limits().maxOpenHandles());
            release.countDown();
            assertEquals(7, slow.get(30, TimeUnit.SECONDS).size());
            c.close(h);
        }
    }
}
