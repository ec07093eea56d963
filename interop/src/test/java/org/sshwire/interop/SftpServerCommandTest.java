package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sshwire sftp-server} as a drop-in for OpenSSH's sftp-server: under {@code sftp -D} and as sshd's subsystem. */
class SftpServerCommandTest {
    @TempDir
    Path dir;

    Path randomFile(long size) throws Exception {
        byte[] b = new byte[(int) size];
        new Random(size).nextBytes(b);
        return Files.write(dir.resolve("src.bin"), b);
    }

    @Test
    void opensshSftpRunsItDirectlyWithDashD() throws Exception {
        OpenSsh.require(Path.of("/usr/bin/sftp"));
        Path root = Files.createDirectories(dir.resolve("root"));
        Path src = randomFile(8L << 20);
        Path back = dir.resolve("back.bin");
        Path batch = Files.writeString(dir.resolve("batch"), String.join("\n", "put " + src + " a.bin", "ls -l",
                "rename a.bin b.bin", "get b.bin " + back, "rm b.bin", ""));
        OpenSsh.Result r = OpenSsh.run(List.of("/usr/bin/sftp", "-D", ServerCommandTest.LAUNCHER + " sftp-server -d " + root,
                "-b", batch.toString()), 180);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("a.bin"), r.stdout());
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(back));
        assertTrue(Files.list(root).findAny().isEmpty(), "rm removed the file");
    }

    @Test
    void sshdServesOpensshSftpThroughItAsItsSubsystem() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        Path root = Files.createDirectories(dir.resolve("served"));
        Path key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30).exit());
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "Subsystem sftp " + ServerCommandTest.LAUNCHER + " sftp-server -d " + root,
                "AuthorizedKeysFile " + key + ".pub", "PermitRootLogin prohibit-password"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = sshd.startListening(port);
        try {
            TransportInteropTest.connectWithRetry(port).close();
            Path src = randomFile(4L << 20);
            Path back = dir.resolve("back2.bin");
            Path batch = Files.writeString(dir.resolve("batch2"), "put " + src + " up.bin\nget up.bin " + back + "\n");
            OpenSsh.Result r = OpenSsh.run(List.of("/usr/bin/sftp", "-F", "/dev/null", "-i", key.toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "-P", String.valueOf(port), "-b", batch.toString(), System.getProperty("user.name") + "@127.0.0.1"), 180);
            assertEquals(0, r.exit(), r.stdout() + r.stderr() + "\nsshd: " + sshd.log("sshd.log"));
            assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(root.resolve("up.bin")));
            assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(back));
        } finally {
            p.destroy();
        }
    }
}
