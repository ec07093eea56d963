package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing outside the root is read, written, listed or revealed: {@code ..} everywhere, absolute
 * paths, symlinks out (absolute, relative, to the string-prefix sibling), rename/link/symlink
 * targets outside, NUL bytes and very long paths. Every case goes through the wire to our server.
 */
class RootEscapeTest {
    static final String SECRET = "top secret";

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    Path sibling;
    InProcessServer server;
    SftpClient c;
    TreeMap<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws Exception {
        Path srv = Files.createDirectory(tmp.resolve("srv"));
        root = Files.createDirectory(srv.resolve("root"));
        sibling = Files.createDirectory(srv.resolve("root2"));   // "/srv/root2" starts with "/srv/root"
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(sibling.resolve("secret.txt"), SECRET);
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/file"), "inside");
        Files.createSymbolicLink(root.resolve("abs-out"), outside);
        Files.createSymbolicLink(root.resolve("abs-file-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("rel-out"), Path.of("../../outside"));
        Files.createSymbolicLink(root.resolve("dir/deep-rel-out"), Path.of("../../../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("sibling"), sibling);
        Files.createSymbolicLink(root.resolve("rel-sibling"), Path.of("../root2/secret.txt"));
        Files.createSymbolicLink(root.resolve("abs-in"), root.resolve("dir/file"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        outsideBefore = snapshot();
        server = new InProcessServer(RootedFileSystem.at(root), SftpServerConfig.defaults());
        c = server.client;
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        assertEquals(outsideBefore, snapshot(), "something outside the root changed");
        assertEquals(SECRET, Files.readString(outside.resolve("secret.txt")));
    }

    private TreeMap<String, String> snapshot() throws Exception {
        TreeMap<String, String> m = Trees.digests(outside);
        Trees.digests(sibling).forEach((k, v) -> m.put("sibling/" + k, v));
        m.put("outside-perms", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside.resolve("secret.txt"))));
        try (var s = Files.list(tmp)) {
            m.put("tmp-listing", s.map(p -> p.getFileName().toString()).sorted().toList().toString());
        }
        return m;
    }

    static void fails(Executable e, long... allowed) {
        SftpException x = assertThrows(SftpException.class, e);
        for (long a : allowed) {
            if (a == x.status()) {
                assertFalse(x.getMessage().contains("outside") || x.getMessage().contains(SECRET), x.getMessage());
                return;
            }
        }
        throw new AssertionError("unexpected status " + x.getMessage());
    }

    @Test
    void dotDotInEveryPositionStaysAtTheRoot() throws Exception {
        for (String p : List.of("..", "/..", "../..", "/../../..", "dir/../..", "dir/../../..", "./../.",
                "dir/./../../../../")) {
            assertEquals("/", c.realPath(p), p);
        }
        for (String p : List.of("../outside/secret.txt", "../../outside/secret.txt", "/../../outside/secret.txt",
                "dir/../../outside/secret.txt", "dir/../../../outside/secret.txt", "../root2/secret.txt",
                "/../root2/secret.txt", "../../../../../../etc/passwd")) {
            fails(() -> c.open(p, OpenFlags.READ, FileAttributes.EMPTY), StatusCode.NO_SUCH_FILE);
            fails(() -> c.stat(p), StatusCode.NO_SUCH_FILE);
            fails(() -> c.list(p), StatusCode.NO_SUCH_FILE);
        }
        assertEquals(List.of("abs-file-out", "abs-in", "abs-out", "dir", "loop", "rel-out", "rel-sibling", "sibling"),
                c.list("..").stream().map(NameEntry::filename).sorted().toList());
    }

    @Test
    void absolutePathsAreInsideTheRoot() throws Exception {
        fails(() -> c.stat("/etc/passwd"), StatusCode.NO_SUCH_FILE);
        fails(() -> c.stat(outside.resolve("secret.txt").toString()), StatusCode.NO_SUCH_FILE);
        fails(() -> c.stat(sibling.resolve("secret.txt").toString()), StatusCode.NO_SUCH_FILE);
        assertEquals("inside", read("/dir/file"));
        assertEquals("/dir/file", c.realPath("/dir//./file"));
    }

    @Test
    void symlinksPointingOutsideAreNeitherFollowedNorRevealed() throws Exception {
        for (String link : List.of("abs-out", "rel-out", "sibling", "abs-file-out", "rel-sibling", "dir/deep-rel-out")) {
            fails(() -> c.stat(link), StatusCode.PERMISSION_DENIED);
            fails(() -> c.open(link, OpenFlags.READ, FileAttributes.EMPTY), StatusCode.PERMISSION_DENIED);
            fails(() -> c.open(link, OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC, FileAttributes.EMPTY),
                    StatusCode.PERMISSION_DENIED);
            fails(() -> c.list(link), StatusCode.PERMISSION_DENIED, StatusCode.NO_SUCH_FILE);
            fails(() -> c.readLink(link), StatusCode.PERMISSION_DENIED);
            fails(() -> c.realPath(link), StatusCode.PERMISSION_DENIED);
            fails(() -> c.setStat(link, FileAttributes.EMPTY.withPermissions(0777)), StatusCode.PERMISSION_DENIED);
            fails(() -> c.statVfs(link), StatusCode.PERMISSION_DENIED);
            assertTrue(c.lstat(link).isSymbolicLink()); // the link itself is inside
        }
        fails(() -> c.open("abs-out/secret.txt", OpenFlags.READ, FileAttributes.EMPTY), StatusCode.PERMISSION_DENIED);
        fails(() -> c.open("abs-out/new.txt", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY),
                StatusCode.PERMISSION_DENIED);
        fails(() -> c.mkdir("rel-out/newdir", FileAttributes.EMPTY), StatusCode.PERMISSION_DENIED);
        fails(() -> c.remove("sibling/secret.txt"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.stat("loop"), StatusCode.NO_SUCH_FILE);
        // an absolute link inside the root is shown in the client's view, never the real path
        assertEquals("/dir/file", c.readLink("abs-in"));
        assertEquals("inside", read("abs-in"));
    }

    @Test
    void renameLinkAndSymlinkTargetsOutsideAreRefused() throws Exception {
        fails(() -> c.rename("dir/file", "abs-out/stolen"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.posixRename("dir/file", "rel-out/stolen"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.rename("abs-out/secret.txt", "dir/stolen"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.hardlink("abs-out/secret.txt", "dir/stolen"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.hardlink("dir/file", "sibling/planted"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.symlink("../../outside/secret.txt", "evil"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.symlink("dir/../../outside", "evil"), StatusCode.PERMISSION_DENIED);
        fails(() -> c.symlink("x", "abs-out/evil"), StatusCode.PERMISSION_DENIED);
        // "../../x" from the root is clamped like a chroot: the rename stays inside
        fails(() -> c.rename("dir/file", "../../outside/moved"), StatusCode.NO_SUCH_FILE);
        // an absolute target is the client's view: it points inside, at nothing secret
        c.symlink(outside.resolve("secret.txt").toString(), "dir/abs-target");
        fails(() -> c.stat("dir/abs-target"), StatusCode.NO_SUCH_FILE);
        assertEquals(outside.resolve("secret.txt").toString(), c.readLink("dir/abs-target"));
        c.symlink("file", "dir/ok-link");
        assertEquals("inside", read("dir/ok-link"));
        assertFalse(Files.exists(root.resolve("evil"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void nulBytesAndVeryLongPathsAreRejectedCleanly() throws Exception {
        fails(() -> c.stat("dir/file\0/../../outside"), StatusCode.NO_SUCH_FILE);
        fails(() -> c.open("abs-out\0", OpenFlags.READ, FileAttributes.EMPTY), StatusCode.NO_SUCH_FILE);
        fails(() -> c.stat("a".repeat(100_000)), StatusCode.BAD_MESSAGE);
        fails(() -> c.stat("x".repeat(300)), StatusCode.BAD_MESSAGE, StatusCode.NO_SUCH_FILE);
        fails(() -> c.stat("d/".repeat(2000)), StatusCode.NO_SUCH_FILE, StatusCode.BAD_MESSAGE);
        fails(() -> c.stat("../".repeat(3000) + "outside/secret.txt"), StatusCode.BAD_MESSAGE);
        assertEquals("inside", read("dir/file")); // the session is still healthy
    }

    private String read(String path) throws Exception {
        SftpHandle h = c.open(path, OpenFlags.READ, FileAttributes.EMPTY);
        try {
            byte[] b = c.read(h, 0, 1000);
            return new String(b, StandardCharsets.UTF_8);
        } finally {
            c.close(h);
        }
    }
}
