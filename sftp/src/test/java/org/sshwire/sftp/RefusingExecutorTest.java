package org.sshwire.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor that refuses work (shut down, queue full) does not lose requests: the thread that
 * released an operation runs it once it has left the engine's lock, and every reply still comes.
 */
class RefusingExecutorTest {
    @TempDir
    Path tmp;

    @Test
    void everyOperationStillWorksWhenTheExecutorRefusesAll() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/work"));
        Executor refusing = r -> {
            throw new RejectedExecutionException("shut down");
        };
        try (InProcessServer s = new InProcessServer(RootedFileSystem.at(root.getParent()), SftpServerConfig.defaults(), refusing)) {
            ClientOperations.everyOperation(s.client, "/work", Files.createDirectory(tmp.resolve("local")));
            ClientOperations.bulkTransfers(s.client, "/work", Files.createDirectory(tmp.resolve("bulk")), 4L << 20);
        }
    }
}
