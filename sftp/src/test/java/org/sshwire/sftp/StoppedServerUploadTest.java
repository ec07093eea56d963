package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.sftp.internal.UploadTempFiles;

/**
 * The real stdio server ({@link SftpServerMain}, i.e. {@code sshwire sftp-server}) stopped in the
 * middle of an upload over an existing file: SIGTERM leaves the file as it was and removes the
 * temp file on the way out; kill -9 cannot, so the next server removes the stale temp file when
 * it starts.
 */
class StoppedServerUploadTest {
    private static final int PUT = OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC;
    private static final String OLD = "complete old content";

    @TempDir
    Path tmp;
    Path root;
    Path launcher;
    Process server;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        launcher = OurServerLauncher.write(tmp);
        Files.writeString(root.resolve("f"), OLD);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private SftpClient start() throws IOException {
        server = new ProcessBuilder(launcher.toString(), "-r", root.toString()) // confined: the client sees root as "/"
                .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("server.log").toFile())).start();
        return SftpClient.open(server.getInputStream(), server.getOutputStream());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Opens an overwriting upload of f and writes part of it; the temp file then exists beside f. */
    private void halfAnUpload(SftpClient c) throws IOException {
        SftpHandle h = c.open("/f", PUT, FileAttributes.EMPTY);
        byte[] half = "the first half of the new".getBytes(StandardCharsets.UTF_8);
        c.write(h, 0, half, 0, half.length);
        assertEquals(2, names().size(), names().toString());
        assertTrue(names().stream().anyMatch(n -> n.startsWith(UploadTempFiles.PREFIX)), names().toString());
    }

    @Test
    void sigtermMidUploadLeavesTheOldFileAndNoTempFile() throws Exception {
        halfAnUpload(start());
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server ignored SIGTERM");
        assertEquals(OLD, Files.readString(root.resolve("f")));
        assertEquals(List.of("f"), names(), Files.readString(tmp.resolve("server.log")));
    }

    @Test
    void closingAnSshServerMidUploadLeavesTheOldFileAndNoTempFile() throws Exception {
        var crypto = org.sshwire.transport.crypto.CryptoBackend.defaultBackend();
        var hostKey = org.sshwire.transport.keys.SshKeyPair.generate("ssh-ed25519", 0, crypto);
        var userKey = org.sshwire.transport.keys.SshKeyPair.generate("ssh-ed25519", 0, crypto);
        var ssh = org.sshwire.connection.server.SshServer.builder().listen("127.0.0.1", 0).hostKey(hostKey)
                .auth(org.sshwire.auth.ServerAuthPolicy.builder().publicKeys((user, key, addr) -> key.equals(userKey.publicKey())
                        ? java.util.Optional.of(org.sshwire.auth.Permissions.DEFAULT) : java.util.Optional.empty()).build())
                .subsystem("sftp", SftpSubsystem.rootedAt(root)).build().start();
        try (var client = org.sshwire.connection.client.SshClient.builder("alice").identity(userKey)
                .timeout(java.time.Duration.ofSeconds(20)).hostKeyVerifier((h, p, k) -> k.equals(hostKey.publicKey()))
                .connect("127.0.0.1", ssh.port())) {
            var session = client.openSession();
            session.subsystem("sftp");
            halfAnUpload(SftpClient.open(session.stdout(), session.stdin()));
            ssh.close(); // the server goes away with the upload open
            // the session's handler sees its channel end and releases the upload: wait for that, however long it takes
            for (int i = 0; i < 600 && names().size() > 1; i++) {
                Thread.sleep(50);
            }
        } finally {
            ssh.close();
        }
        assertEquals(OLD, Files.readString(root.resolve("f")));
        assertEquals(List.of("f"), names());
    }

    @Test
    void aTempFileLeftByKill9IsRemovedWhenTheNextServerStarts() throws Exception {
        halfAnUpload(start());
        server.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        assertEquals(OLD, Files.readString(root.resolve("f")));
        assertEquals(2, names().size(), "kill -9 should have left the temp file: " + names());

        SftpClient c = start();
        assertEquals("/", c.realPath(".")); // the server is up, so it has swept its start directory
        assertEquals(List.of("f"), names());
        assertEquals(OLD, Files.readString(root.resolve("f")));
        c.close();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
    }
}
