package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.sftp.internal.UploadTempFiles;

/** Uploads never leave a half-written file where a complete one was, by the rules of RootedFileSystem's class comment. */
class RootedFileSystemUploadTest {
    @TempDir
    Path root;

    static final int PUT = OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC;

    private static void write(SftpFileSystem.File f, String s) throws Exception {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        f.write(0, b, 0, b.length);
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void overwritingPutKeepsTheOldFileUntilClose() throws Exception {
        Files.writeString(root.resolve("f"), "complete old content");
        Files.setPosixFilePermissions(root.resolve("f"), PosixFilePermissions.fromString("rw-r-----"));
        RootedFileSystem fs = RootedFileSystem.at(root);
        SftpFileSystem.File f = fs.open("/f", PUT, FileAttributes.EMPTY.withPermissions(0666));
        write(f, "half");
        assertEquals("complete old content", Files.readString(root.resolve("f")));
        f.close();
        assertEquals("half", Files.readString(root.resolve("f")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("f"))));
        assertEquals(List.of("f"), names());
    }

    @Test
    void anAbortedOverwriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Files.writeString(root.resolve("f"), "complete old content");
        SftpFileSystem.File f = RootedFileSystem.at(root).open("f", PUT, FileAttributes.EMPTY);
        write(f, "half");
        f.abort();
        assertEquals("complete old content", Files.readString(root.resolve("f")));
        assertEquals(List.of("f"), names());
    }

    @Test
    void aNewFileIsWrittenInPlaceSoAnInterruptedPutCanBeResumed() throws Exception {
        SftpFileSystem.File f = RootedFileSystem.at(root).open("new", PUT, FileAttributes.EMPTY.withPermissions(0600));
        write(f, "partial");
        f.abort();
        assertEquals("partial", Files.readString(root.resolve("new")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("new"))));
    }

    @Test
    void aPutOverAnExistingDirectoryFailsAndLeavesItAlone() throws Exception {
        // the create-first fast path must not take over a name that is there
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d").resolve("inner"), "kept");
        RootedFileSystem fs = RootedFileSystem.at(root);
        SftpException e = org.junit.jupiter.api.Assertions.assertThrows(SftpException.class,
                () -> fs.open("/d", PUT, FileAttributes.EMPTY));
        assertEquals(StatusCode.FAILURE, e.status());
        assertEquals("kept", Files.readString(root.resolve("d").resolve("inner")));
    }

    @Test
    void aPutThroughADanglingSymlinkCreatesItsTargetOnlyInsideTheRoot(@TempDir Path outside) throws Exception {
        Files.createSymbolicLink(root.resolve("in"), root.resolve("target"));        // dangling, inside
        Files.createSymbolicLink(root.resolve("out"), outside.resolve("escaped"));   // dangling, outside
        RootedFileSystem fs = RootedFileSystem.at(root);
        SftpFileSystem.File f = fs.open("/in", PUT, FileAttributes.EMPTY);
        write(f, "through the link");
        f.close();
        assertEquals("through the link", Files.readString(root.resolve("target")));
        assertTrue(Files.isSymbolicLink(root.resolve("in")));
        SftpException e = org.junit.jupiter.api.Assertions.assertThrows(SftpException.class,
                () -> fs.open("/out", PUT, FileAttributes.EMPTY));
        assertEquals(StatusCode.PERMISSION_DENIED, e.status());
        assertTrue(!Files.exists(outside.resolve("escaped")));
    }

    @Test
    void aSecondPutOfANewNameReplacesTheFirstAtomically() throws Exception {
        // the first put creates the file in place; the second finds it and goes through a temp file
        RootedFileSystem fs = RootedFileSystem.at(root);
        SftpFileSystem.File first = fs.open("/n", PUT, FileAttributes.EMPTY);
        write(first, "one");
        first.close();
        SftpFileSystem.File second = fs.open("/n", PUT, FileAttributes.EMPTY);
        write(second, "two!");
        assertEquals("one", Files.readString(root.resolve("n")));
        second.close();
        assertEquals("two!", Files.readString(root.resolve("n")));
        assertEquals(List.of("n"), names());
    }

    @Test
    void anUploadThroughASymlinkReplacesTheFileItPointsToAndKeepsTheLink() throws Exception {
        Path dir = Files.createDirectory(root.resolve("real"));
        Files.writeString(dir.resolve("target"), "old");
        Files.createSymbolicLink(root.resolve("link"), Path.of("real/target"));
        SftpFileSystem.File f = RootedFileSystem.at(root).open("/link", PUT, FileAttributes.EMPTY);
        write(f, "new");
        f.close();
        assertTrue(Files.isSymbolicLink(root.resolve("link")));
        assertEquals(Path.of("real/target"), Files.readSymbolicLink(root.resolve("link")));
        assertEquals("new", Files.readString(dir.resolve("target")));
        assertEquals(List.of("link", "real"), names());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("target"), s.map(p -> p.getFileName().toString()).toList()); // temp file was beside the target
        }
    }

    @Test
    void anUploadOverAHardLinkReplacesThatNameAndLeavesTheOtherNamesOldContent() throws Exception {
        // the documented rule (RootedFileSystem): a hard-link snapshot is never changed through another name
        Files.writeString(root.resolve("f"), "old");
        Files.createLink(root.resolve("snapshot"), root.resolve("f"));
        SftpFileSystem.File f = RootedFileSystem.at(root).open("/f", PUT, FileAttributes.EMPTY);
        write(f, "new");
        f.close();
        assertEquals("new", Files.readString(root.resolve("f")));
        assertEquals("old", Files.readString(root.resolve("snapshot")));
        assertEquals(List.of("f", "snapshot"), names());
    }

    @Test
    void theReplacedFileKeepsItsModeGroupAndOwner() throws Exception {
        Path target = root.resolve("f");
        Files.writeString(target, "old");
        boolean asRoot = UploadTempFiles.ourUid().orElse(-1) == 0;
        if (asRoot) {
            Files.setAttribute(target, "unix:uid", 4242);
            Files.setAttribute(target, "unix:gid", 4343);
        }
        Files.setAttribute(target, "unix:mode", 04750); // after chown, which clears set-id bits
        var before = Files.readAttributes(target, "unix:uid,gid,mode");
        SftpFileSystem.File f = RootedFileSystem.at(root).open("/f", PUT, FileAttributes.EMPTY.withPermissions(0666));
        write(f, "new");
        f.close();
        assertEquals("new", Files.readString(target));
        var after = Files.readAttributes(target, "unix:uid,gid,mode");
        assertEquals(before.get("uid"), after.get("uid"));
        assertEquals(before.get("gid"), after.get("gid"));
        assertEquals(Integer.toOctalString((Integer) before.get("mode")), Integer.toOctalString((Integer) after.get("mode")));
        assertEquals(List.of("f"), names());
    }

    @Test
    void aModeTheClientSetsOnTheHandleDuringTheUploadIsKept() throws Exception {
        Files.writeString(root.resolve("f"), "old");
        Files.setPosixFilePermissions(root.resolve("f"), PosixFilePermissions.fromString("rw-r--r--"));
        SftpFileSystem.File f = RootedFileSystem.at(root).open("/f", PUT, FileAttributes.EMPTY);
        write(f, "new");
        f.setStat(FileAttributes.EMPTY.withPermissions(0600).withTimes(1_600_000_000L, 1_600_000_000L)); // sftp put -p
        f.close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("f"))));
        assertEquals(1_600_000_000L, Files.getLastModifiedTime(root.resolve("f")).toInstant().getEpochSecond());
    }

    @Test
    void openingWithCreatButWithoutTruncWritesInPlaceAsOpenSshDoes() throws Exception {
        // rclone-style and resuming clients rely on the old bytes: an aborted session keeps what was written
        Files.writeString(root.resolve("f"), "0123456789");
        SftpFileSystem.File f = RootedFileSystem.at(root).open("f", OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY);
        f.write(2, "ab".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertEquals("01ab456789", Files.readString(root.resolve("f")));
        f.abort();
        assertEquals("01ab456789", Files.readString(root.resolve("f")));
        SftpFileSystem.File a = RootedFileSystem.at(root).open("f", OpenFlags.WRITE | OpenFlags.APPEND, FileAttributes.EMPTY);
        a.write(0, "!".getBytes(StandardCharsets.UTF_8), 0, 1);
        a.close();
        assertEquals("01ab456789!", Files.readString(root.resolve("f")));
        assertEquals(List.of("f"), names());
    }

    @Test
    void aDirectoryListingGivesEachEntrysLinkCountAndAttributesFromOneStat() throws Exception {
        Files.writeString(root.resolve("f"), "12345");
        Files.createLink(root.resolve("g"), root.resolve("f"));
        SftpFileSystem.Directory d = RootedFileSystem.at(root).openDirectory("/");
        NameEntry f = d.read(100).stream().filter(n -> n.filename().equals("f")).findFirst().orElseThrow();
        d.close();
        assertEquals(5, f.attrs().size());
        assertTrue(f.attrs().isRegularFile());
        assertTrue(f.longname().matches("-rw\\S+ +2 .* 5 .* f"), f.longname());
    }

    @Test
    void openingWithoutTruncIsAnInPlaceWriteAsTheClientAsked() throws Exception {
        Files.writeString(root.resolve("f"), "0123456789");
        SftpFileSystem.File f = RootedFileSystem.at(root).open("f", OpenFlags.WRITE, FileAttributes.EMPTY);
        f.write(10, "abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        assertEquals("0123456789abc", Files.readString(root.resolve("f")));
        f.close();
    }

    @Test
    void theUmaskAppliesToCreatedFilesAndDirectories() throws Exception {
        RootedFileSystem fs = RootedFileSystem.builder(root).umask(027).build();
        fs.open("f", PUT, FileAttributes.EMPTY.withPermissions(0666)).close();
        fs.mkdir("d", FileAttributes.EMPTY);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("f"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("d"))));
    }

    @Test
    void relativePathsAndTildeStartAtTheStartDirectory() throws Exception {
        Files.createDirectories(root.resolve("home/me"));
        RootedFileSystem fs = RootedFileSystem.builder(root).startDirectory("/home/me").build();
        assertEquals("/home/me", fs.realPath("."));
        assertEquals("/home/me/x", fs.realPath("x"));
        assertEquals("/home/me/docs", fs.expandPath("~/docs"));
        assertEquals("/home/me", fs.homeDirectory("anyone"));
        assertTrue(fs.stat("..").isDirectory());
    }
}
