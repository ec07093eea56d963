package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RootedFileSystem over any java.nio provider gives SFTP clients the file types, permissions and
 * owners that provider has: the default file system, Jimfs with the {@code unix} view (whose
 * {@code unix:mode} has no S_IFMT type bits), Jimfs with {@code posix} (no numeric owners) and
 * Jimfs with only {@code basic} (no permissions, no owners). Driven through the real engine by
 * {@link SftpClient}.
 */
class AttributesFromAnyProviderTest {
    @TempDir
    static Path tmp;

    /** One file system to serve, and what it can store. */
    record Provider(String name, boolean permissions, boolean owners, Path root, AutoCloseable closer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Provider> providers() throws IOException {
        return Stream.of(
                jimfs("jimfs-unix", true, true, "basic", "owner", "posix", "unix"),
                jimfs("jimfs-posix", true, true, "basic", "owner", "posix"),
                jimfs("jimfs-basic", false, false, "basic"),
                new Provider("default", true, true, Files.createTempDirectory(tmp, "root"), () -> { }));
    }

    private static Provider jimfs(String name, boolean perms, boolean owners, String... views) throws IOException {
        FileSystem mem = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews(views[0],
                java.util.Arrays.copyOfRange(views, 1, views.length)).build());
        return new Provider(name, perms, owners, Files.createDirectories(mem.getPath("/srv/sftp")), mem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void typesPermissionsAndLongNamesAreRightOnEveryProvider(Provider p) throws Exception {
        try (AutoCloseable closer = p.closer();
             InProcessServer s = new InProcessServer(RootedFileSystem.at(p.root()), SftpServerConfig.defaults())) {
            SftpClient c = s.client;
            assertTrue(c.stat("/").isDirectory(), "stat / : " + c.stat("/"));

            c.mkdir("/d", FileAttributes.EMPTY.withPermissions(0750));
            FileAttributes d = c.stat("/d");
            assertTrue(d.isDirectory(), "mkdir then stat: " + d);
            assertEquals(p.permissions() ? 0750 : 0755, d.permissions() & 07777, Long.toOctalString(d.permissions()));

            SftpHandle h = c.open("/d/f", OpenFlags.WRITE | OpenFlags.CREAT | OpenFlags.TRUNC,
                    FileAttributes.EMPTY.withPermissions(0640));
            byte[] data = "twelve bytes".getBytes(StandardCharsets.UTF_8);
            c.write(h, 0, data, 0, data.length);
            FileAttributes open = c.fstat(h);
            c.close(h);
            assertTrue(open.isRegularFile(), "fstat: " + open);
            FileAttributes f = c.stat("/d/f");
            assertTrue(f.isRegularFile(), "stat: " + f);
            assertEquals(12, f.size());
            assertEquals(p.permissions() ? 0640 : 0644, f.permissions() & 07777, Long.toOctalString(f.permissions()));

            c.symlink("f", "/d/l");
            assertTrue(c.lstat("/d/l").isSymbolicLink(), "lstat of a link: " + c.lstat("/d/l"));
            assertTrue(c.stat("/d/l").isRegularFile(), "stat through a link: " + c.stat("/d/l"));
            assertEquals("f", c.readLink("/d/l"));

            // The long names OpenSSH's sftp prints for "ls -l" (ls_file): type letter first.
            Map<String, String> longNames = c.list("/d").stream()
                    .collect(Collectors.toMap(NameEntry::filename, NameEntry::longname));
            assertTrue(longNames.get("f").startsWith(p.permissions() ? "-rw-r----- " : "-rw-r--r-- "), longNames.toString());
            assertTrue(longNames.get("l").startsWith("l"), longNames.toString());
            Map<String, NameEntry> top = c.list("/").stream().collect(Collectors.toMap(NameEntry::filename, Function.identity()));
            assertTrue(top.get("d").longname().startsWith(p.permissions() ? "drwxr-x--- " : "drwxr-xr-x "), top.toString());
            assertTrue(top.get("d").attrs().isDirectory(), top.toString());

            if (p.owners()) {
                // The names in the long name are the provider's, and users-groups-by-id (which
                // OpenSSH's sftp uses for "ls -l" when offered) answers the same for the ids sent.
                FileAttributes owned = c.stat("/d/f");
                assertTrue(owned.has(FileAttributes.UIDGID), owned.toString());
                SftpClient.UsersGroups names = c.usersGroupsById(List.of(owned.uid()), List.of(owned.gid()));
                String user = names.users().get(0);
                String group = names.groups().get(0);
                String expectedUser = p.name().equals("default")
                        ? Files.getOwner(p.root().resolve("d/f")).getName() : "user"; // Jimfs' default owner
                assertEquals(expectedUser, user);
                assertTrue(longNames.get("f").matches("-rw-r----- +\\d+ " + user + " +" + group + " +12 .*"),
                        longNames.get("f") + " / " + user + " " + group);
            }

            if (p.permissions()) {
                c.setStat("/d/f", FileAttributes.EMPTY.withPermissions(0600));
                assertEquals(0600, c.stat("/d/f").permissions() & 07777);
                assertTrue(c.stat("/d/f").isRegularFile());
                c.setStat("/d", FileAttributes.EMPTY.withPermissions(0700));
                assertEquals(0700, c.stat("/d").permissions() & 07777);
            } else {
                SftpException e = assertThrows(SftpException.class,
                        () -> c.setStat("/d/f", FileAttributes.EMPTY.withPermissions(0600)));
                assertEquals(StatusCode.OP_UNSUPPORTED, e.status(), e.getMessage());
            }
            c.setStat("/d/f", FileAttributes.EMPTY.withTimes(1_600_000_000L, 1_700_000_000L));
            assertEquals(1_700_000_000L, c.stat("/d/f").mtime());

            // An upload over the existing file (OPEN with TRUNC: staged, then renamed over it).
            Path local = Files.writeString(Files.createTempDirectory(tmp, "local").resolve("v2"), "second");
            c.put(local, "/d/f", TransferOptions.defaults());
            assertEquals("second", Files.readString(p.root().resolve("d/f")));
            FileAttributes replaced = c.stat("/d/f");
            assertTrue(replaced.isRegularFile(), replaced.toString());
            assertEquals(p.permissions() ? 0600 : 0644, replaced.permissions() & 07777, "the old file's mode is kept");
            try (Stream<Path> l = Files.list(p.root().resolve("d"))) {
                assertEquals(List.of("f", "l"), l.map(x -> x.getFileName().toString()).sorted().toList());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aDeviceOnTheHostKeepsItsOwnTypeBits() throws Exception {
        // "other" files (devices, fifos, sockets): only the host's unix:mode says which kind.
        try (InProcessServer s = new InProcessServer(RootedFileSystem.at(Path.of("/dev")), SftpServerConfig.defaults())) {
            FileAttributes nul = s.client.stat("/null");
            assertEquals(0020000, nul.permissions() & FileAttributes.S_IFMT, Long.toOctalString(nul.permissions()));
            assertEquals("crw-rw-rw-", FileAttributes.modeString(nul.permissions()));
        }
    }
}
