package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.internal.SftpServerMain;
import org.sshwire.sftp.internal.UploadTempFiles;

/**
 * A server that is not root cannot replace another user's file without taking it from them, nor
 * create a temp file in a directory it may not write: such an upload is written in place, as
 * OpenSSH's sftp-server does, and the file keeps its owner. Runs {@link SftpServerMain} as
 * "nobody" (setpriv), so needs root; skipped otherwise.
 */
class UploadAsAnotherUserTest {
    private static final int PUT = OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC;
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    /** Copies a class's code source where "nobody" can read it (root's ~/.m2 is closed). */
    private Path readableCopy(Class<?> c, String name) throws IOException {
        Path from = Path.of(OurServerLauncher.location(c));
        Path to = tmp.resolve(name);
        if (Files.isRegularFile(from)) {
            return Files.copy(from, to);
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    private static void chmodTree(Path p, String perms) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(q, PosixFilePermissions.fromString(Files.isDirectory(q) ? "rwxr-xr-x" : perms));
            }
        }
    }

    @Test
    void anUploadOverAnotherUsersFileOrInAClosedDirectoryIsWrittenInPlaceAndKeepsTheOwner() throws Exception {
        Assumptions.assumeTrue(UploadTempFiles.ourUid().orElse(-1) == 0, "needs root, to run the server as nobody");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        String cp = readableCopy(SftpServerMain.class, "sftp-classes") + java.io.File.pathSeparator
                + readableCopy(Bytes.class, "transport-classes");
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path closed = Files.createDirectory(root.resolve("closed"));
        Files.writeString(root.resolve("f"), "root's old content");
        Files.writeString(closed.resolve("g"), "root's old content");
        chmodTree(tmp, "rw-rw-rw-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody may make a temp file here...
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwxr-xr-x")); // ...but not here

        Process server = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", cp, "org.sshwire.sftp.internal.SftpServerMain", "-r", root.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("server.log").toFile())).start();
        try (SftpClient c = SftpClient.open(server.getInputStream(), server.getOutputStream())) {
            for (String path : List.of("/f", "/closed/g")) {
                SftpHandle h = c.open(path, PUT, FileAttributes.EMPTY);
                byte[] data = "nobody's new content".getBytes(StandardCharsets.UTF_8);
                c.write(h, 0, data, 0, data.length);
                c.close(h);
            }
        } finally {
            assertTrue(server.waitFor(60, TimeUnit.SECONDS) || server.destroyForcibly().waitFor(30, TimeUnit.SECONDS));
        }
        for (Path p : List.of(root.resolve("f"), closed.resolve("g"))) {
            assertEquals("nobody's new content", Files.readString(p));
            assertEquals(0, Files.getAttribute(p, "unix:uid")); // still root's file: written through, not replaced
        }
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(List.of("closed", "f"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
