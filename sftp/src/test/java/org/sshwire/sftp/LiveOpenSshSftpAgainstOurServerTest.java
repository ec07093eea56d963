package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's own {@code sftp} client against our {@link SftpServerMain} over stdio:
 * {@code sftp -D "<launcher> -d <root>" -b batch} (OpenSSH's -D runs a local server program
 * instead of ssh).
 */
class LiveOpenSshSftpAgainstOurServerTest {
    @TempDir
    Path tmp;
    Path root;
    Path local;
    Path launcher;

    @BeforeEach
    void setUp() throws IOException {
        OpenSsh.require(OpenSsh.SFTP);
        root = Files.createDirectory(tmp.resolve("root"));
        local = Files.createDirectory(tmp.resolve("local"));
        launcher = OurServerLauncher.write(tmp);
    }

    /** Runs one batch; fails with sftp's output unless it exits 0. */
    String sftp(String... commands) throws Exception {
        return sftpWithServerFlags("", commands);
    }

    String sftpWithServerFlags(String flags, String... commands) throws Exception {
        Path batch = Files.writeString(tmp.resolve("batch"), String.join("\n", commands) + "\n");
        Process p = new ProcessBuilder(OpenSsh.SFTP.toString(), "-D", launcher + " " + flags + " -d " + root,
                        "-b", batch.toString())
                .directory(local.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "sftp did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void openSshSftpRunsEveryBatchCommandAgainstOurServer() throws Exception {
        Trees.writeRandomFile(local.resolve("a.bin"), 1 << 20, 11);
        String out = sftp("put a.bin", "ls -l", "mkdir d", "rename a.bin d/a.bin", "ln -s d/a.bin link",
                "chmod 600 d/a.bin", "ls -l d", "df", "df -h", "get d/a.bin a.back", "mkdir gone", "rmdir gone",
                "put a.bin extra.bin", "rm extra.bin", "pwd", "cd d", "ls");
        assertTrue(out.contains("a.bin"), out);
        assertTrue(out.contains("Size") && out.contains("Avail"), out); // df via statvfs@openssh.com
        assertEquals(Trees.sha256(local.resolve("a.bin")), Trees.sha256(local.resolve("a.back")));
        assertEquals(Trees.sha256(local.resolve("a.bin")), Trees.sha256(root.resolve("d/a.bin")));
        assertTrue(Files.isSymbolicLink(root.resolve("link")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("d/a.bin"))));
        assertFalse(Files.exists(root.resolve("gone")));
        assertFalse(Files.exists(root.resolve("extra.bin")));
        assertFalse(Files.exists(root.resolve("a.bin")));
    }

    @Test
    void largeFileSurvivesPutRegetAndReputByteExact() throws Exception {
        long size = OpenSsh.largeFileBytes();
        Path big = local.resolve("big.bin");
        Trees.writeRandomFile(big, size, 5);
        String want = Trees.sha256(big);
        sftp("put big.bin", "get big.bin big.back");
        assertEquals(want, Trees.sha256(root.resolve("big.bin")));
        assertEquals(want, Trees.sha256(local.resolve("big.back")));

        truncate(root.resolve("big.bin"), size / 3);
        truncate(local.resolve("big.back"), size / 2);
        sftp("reput big.bin big.bin", "reget big.bin big.back");
        assertEquals(want, Trees.sha256(root.resolve("big.bin")));
        assertEquals(want, Trees.sha256(local.resolve("big.back")));
    }

    @Test
    void thousandFileTreeGoesUpAndDownByteExact() throws Exception {
        Trees.writeTree(local.resolve("tree"), 1000, 9);
        sftp("put -r tree", "get -r tree tree.back");
        assertEquals(1000, Trees.digests(local.resolve("tree")).size());
        assertEquals(Trees.digests(local.resolve("tree")), Trees.digests(root.resolve("tree")));
        assertEquals(Trees.digests(local.resolve("tree")), Trees.digests(local.resolve("tree.back")));
    }

    @Test
    void readOnlyAndDeniedRequestsAreRefusedAsOpenSshsServerRefusesThem() throws Exception {
        Files.writeString(local.resolve("x"), "x");
        Files.writeString(root.resolve("keep"), "keep");
        // a leading '-' tells sftp -b to carry on after a failed command
        String ro = sftpWithServerFlags("-R", "-put x", "-rm keep", "-mkdir d", "get keep got");
        assertTrue(ro.contains("Permission denied"), ro);
        assertFalse(Files.exists(root.resolve("x")) || Files.exists(root.resolve("d")));
        assertEquals("keep", Files.readString(root.resolve("keep")));
        assertEquals("keep", Files.readString(local.resolve("got")));
        String denied = sftpWithServerFlags("-P remove,rename", "-rm keep", "put x");
        assertTrue(denied.contains("Permission denied"), denied);
        assertTrue(Files.exists(root.resolve("keep")) && Files.exists(root.resolve("x")));
    }

    private static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
