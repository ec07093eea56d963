package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The full v3 operation set and the OpenSSH extensions, run by {@link SftpClient} against a
 * server; {@code remote} is the server-side path of an empty directory, {@code local} a local
 * scratch directory.
 */
final class ClientOperations {
    private ClientOperations() {
    }

    static final List<String> EXTENSIONS = List.of("posix-rename@openssh.com", "statvfs@openssh.com",
            "fstatvfs@openssh.com", "hardlink@openssh.com", "fsync@openssh.com", "lsetstat@openssh.com",
            "limits@openssh.com", "expand-path@openssh.com", "copy-data", "home-directory",
            "users-groups-by-id@openssh.com");

    static void everyOperation(SftpClient c, String remote, Path local) throws IOException {
        assertEquals(3, c.serverVersion());
        assertTrue(c.serverExtensions().keySet().containsAll(EXTENSIONS), c.serverExtensions().toString());

        // OPEN / WRITE / FSTAT / FSETSTAT / FSYNC / FSTATVFS / READ / CLOSE
        String f = remote + "/a.txt";
        SftpHandle h = c.open(f, OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC,
                FileAttributes.EMPTY.withPermissions(0640));
        byte[] hello = "hello, sftp".getBytes(StandardCharsets.UTF_8);
        c.write(h, 0, hello, 0, hello.length);
        assertEquals(hello.length, c.fstat(h).size());
        c.fsetStat(h, FileAttributes.EMPTY.withTimes(1_600_000_000L, 1_600_000_100L));
        c.fsync(h);
        assertTrue(c.fstatVfs(h).blockSize() > 0);
        c.close(h);
        h = c.open(f, OpenFlags.READ, FileAttributes.EMPTY);
        assertEquals("hello", new String(c.read(h, 0, 5), StandardCharsets.UTF_8));
        assertNull(c.read(h, 100, 5));
        c.close(h);

        // STAT / LSTAT / SETSTAT
        FileAttributes a = c.stat(f);
        assertTrue(a.isRegularFile());
        assertEquals(1_600_000_100L, a.mtime());
        c.setStat(f, FileAttributes.EMPTY.withPermissions(0600));
        assertEquals(0600, c.stat(f).permissions() & 0777);
        c.setStat(f, FileAttributes.EMPTY.withSize(5));
        assertEquals(5, c.lstat(f).size());

        // MKDIR / OPENDIR / READDIR / RMDIR
        c.mkdir(remote + "/dir", FileAttributes.EMPTY.withPermissions(0755));
        assertTrue(c.stat(remote + "/dir").isDirectory());
        assertEquals(List.of("a.txt", "dir"), c.list(remote).stream().map(NameEntry::filename).sorted().toList());

        // RENAME (no overwrite), posix-rename (overwrite), hardlink, SYMLINK / READLINK, REALPATH
        c.rename(f, remote + "/b.txt");
        c.open(remote + "/c.txt", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY);
        SftpException exists = assertThrows(SftpException.class, () -> c.rename(remote + "/b.txt", remote + "/c.txt"));
        assertEquals(StatusCode.FAILURE, exists.status());
        c.posixRename(remote + "/b.txt", remote + "/c.txt");
        c.hardlink(remote + "/c.txt", remote + "/hard.txt");
        assertEquals(5, c.stat(remote + "/hard.txt").size());
        c.symlink("c.txt", remote + "/link");
        assertEquals("c.txt", c.readLink(remote + "/link"));
        assertTrue(c.lstat(remote + "/link").isSymbolicLink());
        assertTrue(c.stat(remote + "/link").isRegularFile());
        c.lsetStat(remote + "/link", FileAttributes.EMPTY.withTimes(1_500_000_000L, 1_500_000_000L));
        assertEquals(1_500_000_000L, c.lstat(remote + "/link").mtime());
        assertEquals(remote + "/dir", c.realPath(remote + "/dir/../dir/."));

        // statvfs, limits, expand-path, home-directory, users-groups-by-id, copy-data
        assertTrue(c.statVfs(remote).blocks() > 0);
        SftpClient.Limits lim = c.limits();
        assertTrue(lim.maxReadLength() >= 32768 && lim.maxPacketLength() >= 32768, lim.toString());
        assertTrue(c.expandPath("~").startsWith("/"));
        assertTrue(c.homeDirectory(System.getProperty("user.name")).startsWith("/"));
        FileAttributes owned = c.stat(remote + "/c.txt");
        SftpClient.UsersGroups ug = c.usersGroupsById(List.of(owned.uid()), List.of(owned.gid()));
        assertEquals(List.of(System.getProperty("user.name")), ug.users());
        assertEquals(1, ug.groups().size());
        SftpHandle from = c.open(remote + "/c.txt", OpenFlags.READ, FileAttributes.EMPTY);
        SftpHandle to = c.open(remote + "/copy.txt", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY);
        c.copyData(from, 0, 0, to, 2);
        c.close(from);
        c.close(to);
        assertEquals(7, c.stat(remote + "/copy.txt").size());

        // REMOVE / RMDIR and the status codes of failures
        for (String n : List.of("link", "hard.txt", "c.txt", "copy.txt")) {
            c.remove(remote + "/" + n);
        }
        c.rmdir(remote + "/dir");
        assertEquals(StatusCode.NO_SUCH_FILE,
                assertThrows(SftpException.class, () -> c.stat(remote + "/missing")).status());
        assertTrue(c.list(remote).isEmpty());

        // get / put with resume and preserve
        Path src = local.resolve("src.bin");
        Trees.writeRandomFile(src, 3 * 1024 * 1024 + 17, 1);
        Files.setLastModifiedTime(src, java.nio.file.attribute.FileTime.fromMillis(1_400_000_000_000L));
        c.put(src, remote + "/r.bin", TransferOptions.defaults().withPreserve(true));
        assertEquals(1_400_000_000L, c.stat(remote + "/r.bin").mtime());
        c.setStat(remote + "/r.bin", FileAttributes.EMPTY.withSize(1_000_000));
        AtomicLong last = new AtomicLong();
        c.put(src, remote + "/r.bin", TransferOptions.defaults().withResume(true).withPreserve(true)
                .withListener((p, done, total) -> last.set(done)));
        assertEquals(Files.size(src), last.get());
        Path back = local.resolve("back.bin");
        c.get(remote + "/r.bin", back, TransferOptions.defaults().withPreserve(true));
        assertEquals(Trees.sha256(src), Trees.sha256(back));
        assertEquals(1_400_000_000_000L, Files.getLastModifiedTime(back).toMillis());
        try (FileChannel ch = FileChannel.open(back, StandardOpenOption.WRITE)) {
            ch.truncate(12345);
        }
        c.get(remote + "/r.bin", back, TransferOptions.defaults().withResume(true));
        assertEquals(Trees.sha256(src), Trees.sha256(back));
        c.remove(remote + "/r.bin");
        assertFalse(c.list(remote).stream().anyMatch(e -> e.filename().equals("r.bin")));
    }

    /** A large file up and down, and a tree of 1 000 small files up and down, byte-exact. */
    static void bulkTransfers(SftpClient c, String remote, Path local, long largeSize) throws IOException {
        Path big = local.resolve("big.bin");
        Trees.writeRandomFile(big, largeSize, 7);
        c.put(big, remote + "/big.bin", TransferOptions.defaults());
        assertEquals(largeSize, c.stat(remote + "/big.bin").size());
        Path bigBack = local.resolve("big.back");
        c.get(remote + "/big.bin", bigBack, TransferOptions.defaults());
        assertEquals(Trees.sha256(big), Trees.sha256(bigBack));
        Files.delete(big);
        Files.delete(bigBack);
        c.remove(remote + "/big.bin");

        Path tree = local.resolve("tree");
        Trees.writeTree(tree, 1000, 3);
        c.putTree(tree, remote + "/tree", TransferOptions.defaults());
        Path treeBack = local.resolve("tree.back");
        c.getTree(remote + "/tree", treeBack, TransferOptions.defaults());
        assertEquals(1000, Trees.digests(tree).size());
        assertEquals(Trees.digests(tree), Trees.digests(treeBack));
    }
}
