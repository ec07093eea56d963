package org.sshwire.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.ThrowawayUser;

/** sshd's auth_secure_path, file by file: who owns what, and who may write it. Needs root (chown). */
class StrictModesTest {
    private static final int UID = 4242;

    @TempDir
    Path tmp;
    Path home;
    Path ssh;
    Path keys;

    @BeforeEach
    void layout() throws IOException {
        ThrowawayUser.requireRoot();
        home = Files.createDirectory(tmp.resolve("home"));
        ssh = Files.createDirectory(home.resolve(".ssh"));
        keys = Files.writeString(ssh.resolve("authorized_keys"), "");
        for (Path p : new Path[] {home, ssh, keys}) {
            Files.setAttribute(p, "unix:uid", UID);
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void aFileOnlyItsUserCanWriteIsTrustedAndNothingAboveHomeIsChecked() {
        // tmp's parent is /tmp (world-writable); sshd stops at the home directory.
        assertEquals(Optional.empty(), StrictModes.problem(keys, UID, home));
    }

    @Test
    void groupOrWorldWritableFilesAndDirectoriesAreRefused() throws IOException {
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(Optional.of("bad ownership or modes for file " + keys.toRealPath()), StrictModes.problem(keys, UID, home));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.of("bad ownership or modes for directory " + home.toRealPath()), StrictModes.problem(keys, UID, home));
    }

    @Test
    void filesOwnedBySomeoneElseThanTheUserOrRootAreRefused() throws IOException {
        Files.setAttribute(ssh, "unix:uid", UID + 1);
        assertEquals(Optional.of("bad ownership or modes for directory " + ssh.toRealPath()), StrictModes.problem(keys, UID, home));
        Files.setAttribute(ssh, "unix:uid", 0);
        assertEquals(Optional.empty(), StrictModes.problem(keys, UID, home), "root may own them");
    }

    @Test
    void aSymlinkIsJudgedByWhereItLeads() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path real = Files.writeString(elsewhere.resolve("keys"), "");
        Files.delete(keys);
        Files.createSymbolicLink(keys, real);
        assertTrue(StrictModes.problem(keys, UID, home).orElseThrow().contains(elsewhere.toRealPath().toString()));
    }

    @Test
    void aMissingFileIsAProblemNotAnException() {
        assertTrue(StrictModes.problem(ssh.resolve("nope"), UID, home).isPresent());
    }
}
