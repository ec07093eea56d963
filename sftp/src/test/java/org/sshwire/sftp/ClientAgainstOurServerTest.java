package org.sshwire.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same operation suite as against OpenSSH, against our engine in-process. */
class ClientAgainstOurServerTest {
    @TempDir
    Path tmp;

    @Test
    void everyOperationAndExtensionWorksAgainstOurServer() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/work"));
        try (InProcessServer s = new InProcessServer(RootedFileSystem.at(root.getParent()), SftpServerConfig.defaults())) {
            ClientOperations.everyOperation(s.client, "/work", Files.createDirectory(tmp.resolve("local")));
        }
    }

    @Test
    void bulkTransfersAreByteExactAgainstOurServer() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/work"));
        try (InProcessServer s = new InProcessServer(RootedFileSystem.at(root.getParent()), SftpServerConfig.defaults())) {
            ClientOperations.bulkTransfers(s.client, "/work", Files.createDirectory(tmp.resolve("local")), 32L << 20);
        }
    }
}
