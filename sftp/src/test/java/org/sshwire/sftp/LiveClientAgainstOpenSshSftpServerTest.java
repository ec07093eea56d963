package org.sshwire.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our {@link SftpClient} against this machine's OpenSSH sftp-server over stdio (no SSH). */
class LiveClientAgainstOpenSshSftpServerTest {
    @TempDir
    Path tmp;
    Process server;
    SftpClient client;
    Path remote;

    @BeforeEach
    void start() throws IOException {
        OpenSsh.require(OpenSsh.SFTP_SERVER);
        remote = Files.createDirectory(tmp.resolve("remote"));
        server = new ProcessBuilder(OpenSsh.SFTP_SERVER.toString(), "-e", "-l", "ERROR", "-d", remote.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        client = SftpClient.open(server.getInputStream(), server.getOutputStream());
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null && !server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    @Test
    void everyOperationAndExtensionWorksAgainstOpenSsh() throws IOException {
        Path local = Files.createDirectory(tmp.resolve("local"));
        ClientOperations.everyOperation(client, remote.toRealPath().toString(), local);
    }

    @Test
    void largeFileAndThousandFileTreeAreByteExactAgainstOpenSsh() throws IOException {
        Path local = Files.createDirectory(tmp.resolve("local"));
        ClientOperations.bulkTransfers(client, remote.toRealPath().toString(), local, OpenSsh.largeFileBytes());
    }
}
