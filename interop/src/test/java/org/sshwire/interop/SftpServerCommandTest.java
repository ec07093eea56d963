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
import org.sshwire.testvectors.OpenSsh;

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

    /**
     * Issue 16 item 2's done-when: OpenSSH's sftp runs the same batch — absolute paths under the
     * test's directory, then relative ones — against OpenSSH's sftp-server and against ours
     * (no -r: the whole file system, starting in the working directory, as OpenSSH's), and
     * prints exactly the same. Both runs use the same directory, rebuilt identically, so
     * nothing needs normalizing; the files fetched back must match as well (content and mode).
     * Commands whose output depends on the moment are left out: ls -l of what the batch
     * creates without -p (the minute could change between the runs), and df (free space moves).
     */
    @Test
    void opensshSftpPrintsTheSameWithOursAsWithOpensshsSftpServer() throws Exception {
        OpenSsh.require(Path.of("/usr/bin/sftp"));
        OpenSsh.require(OPENSSH_SFTP_SERVER);
        String theirs = batchRun(OPENSSH_SFTP_SERVER.toString());
        String ours = batchRun(ServerCommandTest.LAUNCHER + " sftp-server");
        assertTrue(theirs.contains("Remote working directory: " + dir.toRealPath().resolve("L")), theirs);
        assertEquals(theirs, ours);
    }

    static final Path OPENSSH_SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

    /** Builds the tree afresh, runs the batch from L with {@code server} under sftp -D, returns what sftp printed and what it fetched. */
    private String batchRun(String server) throws Exception {
        Path w = dir.toRealPath();
        for (String sub : List.of("L", "D")) {
            if (Files.exists(w.resolve(sub))) {
                try (java.util.stream.Stream<Path> all = Files.walk(w.resolve(sub))) {
                    for (Path f : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.delete(f);
                    }
                }
            }
        }
        Path l = Files.createDirectories(w.resolve("L"));
        Path d = Files.createDirectories(w.resolve("D"));
        java.nio.file.attribute.FileTime t = java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2024-03-04T05:06:07Z"));
        Files.setLastModifiedTime(Files.writeString(l.resolve("a.txt"), "alpha\n"), t);
        Files.setLastModifiedTime(Files.writeString(l.resolve("b.bin"), "b".repeat(70000)), t);
        String x = d.toString();
        List<String> batch = List.of(
                "mkdir " + x + "/sub",
                "put -p " + l + "/a.txt " + x + "/a.txt",
                "put -p " + l + "/b.bin " + x + "/sub/b.bin",
                "ls -l " + x + "/a.txt",
                "ls -l " + x + "/sub/b.bin",
                "ls " + x,
                "ls -l " + x + "/sub",
                "rename " + x + "/a.txt " + x + "/c.txt",
                "ln -s " + x + "/c.txt " + x + "/link",
                "ln " + x + "/c.txt " + x + "/hard",
                "chmod 600 " + x + "/c.txt",
                "ls -l " + x + "/c.txt",
                "ls -l " + x + "/hard",
                "ls -1 " + x,
                "get " + x + "/c.txt " + l + "/c.back",
                "get -p " + x + "/sub/b.bin " + l + "/b.back",
                "get " + x + "/link " + l + "/link.back",
                "pwd",
                "cd " + x + "/sub",
                "pwd",
                "ls",
                "rm " + x + "/hard",
                "rm " + x + "/link",
                "-rm " + x + "/nonexistent",
                "-get " + x + "/nonexistent " + l + "/x",
                "-ls -l " + x + "/nonexistent",
                "rm " + x + "/sub/b.bin",
                "rmdir " + x + "/sub",
                "ls -l " + x,
                "chmod 644 " + x + "/c.txt",
                "ls -l " + x,
                // relative paths, from the new working directory
                "cd " + x,
                "mkdir rel",
                "put -p ../L/a.txt rel/r.txt",
                "ls -l rel/r.txt",
                "rename rel/r.txt rel/s.txt",
                "ln -s s.txt rel/slink",
                "ln rel/s.txt rel/shard",
                "chmod 640 rel/s.txt",
                "ls -l rel/s.txt",
                "ls -1 rel",
                "get rel/s.txt ../L/s.back",
                "get rel/slink ../L/slink.back",
                "-mkdir rel",
                "-rmdir rel",
                "-rename rel/missing rel/x",
                "-chmod 600 rel/missing",
                "rm rel/slink",
                "rm rel/shard",
                "rm rel/s.txt",
                "rmdir rel",
                "cd ..",
                "pwd",
                "-cd nonexistent",
                "-cd D/c.txt",
                "ls -1 D");
        Path batchFile = Files.write(w.resolve("batch"), batch);
        Process p = new ProcessBuilder("/usr/bin/sftp", "-D", server, "-b", batchFile.toString())
                .directory(l.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "sftp did not finish: " + out);
        StringBuilder b = new StringBuilder(out).append("exit ").append(p.exitValue()).append('\n');
        try (java.util.stream.Stream<Path> files = Files.list(l).sorted()) {
            for (Path f : (Iterable<Path>) files::iterator) {
                b.append(f.getFileName()).append(' ')
                        .append(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .append(' ').append(java.util.HexFormat.of().formatHex(
                                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))))
                        .append('\n');
            }
        }
        return b.toString();
    }
}
