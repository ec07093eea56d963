package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table over every public {@link SftpClient} method with an object parameter: each such
 * parameter, passed as null, either means "none / defaults" (attributes of a new file or
 * directory, transfer options, the id lists of users-groups-by-id) and the call does its job, or
 * is required and the call throws a NullPointerException naming it, sends nothing, and leaves
 * the client usable. A method added without a row fails {@link #everyPublicMethodHasARow}.
 */
class SftpClientNullArgumentsTest {
    @TempDir
    static Path tmp;
    static Path root;
    static Path local;
    static InProcessServer server;
    static final AtomicInteger names = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectory(tmp.resolve("root"));
        local = Files.createDirectory(tmp.resolve("local"));
        Files.writeString(root.resolve("file"), "remote content");
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/inside"), "inside");
        Files.writeString(local.resolve("up"), "local content");
        Files.createDirectory(local.resolve("tree"));
        Files.writeString(local.resolve("tree/leaf"), "leaf");
        server = new InProcessServer(RootedFileSystem.at(root), SftpServerConfig.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Fresh names, so rows do not meet each other's files. */
    static String fresh(String stem) {
        return "/" + stem + "-" + names.incrementAndGet();
    }

    static SftpHandle file() throws Exception {
        return server.client.open("/file", OpenFlags.READ | OpenFlags.WRITE, FileAttributes.EMPTY);
    }

    @FunctionalInterface
    interface Call {
        Object call(SftpClient c, Object[] args) throws Exception;
    }

    @FunctionalInterface
    interface Args {
        Object[] make() throws Exception;
    }

    @FunctionalInterface
    interface Effect {
        /** Checks what a call with {@code args} did (args[nulled] is null). */
        void check(Object result, Object[] args) throws Exception;
    }

    /**
     * One public method: its signature as reflection prints it, its parameter names (null for
     * primitives), which may be null, how to call it, valid arguments, and what a call with an
     * optional argument left null must have done.
     */
    record Row(String signature, List<String> params, Set<String> optional, Call call, Args args, Effect effect) {
        @Override
        public String toString() {
            return signature;
        }
    }

    static final Effect NOTHING = (r, a) -> { };

    static List<Row> rows() {
        List<Row> t = new ArrayList<>();
        t.add(new Row("open(java.io.InputStream,java.io.OutputStream)", List.of("in", "out"), Set.of(),
                (c, a) -> SftpClient.open((java.io.InputStream) a[0], (java.io.OutputStream) a[1]),
                () -> new Object[] {new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()}, NOTHING));
        t.add(new Row("open(org.sshwire.connection.client.SshClient)", List.of("ssh"), Set.of(),
                (c, a) -> SftpClient.open((org.sshwire.connection.client.SshClient) a[0]),
                () -> new Object[] {null}, NOTHING));
        t.add(new Row("open(java.lang.String,int,org.sshwire.sftp.FileAttributes)", Arrays.asList("path", null, "attrs"),
                Set.of("attrs"),
                (c, a) -> c.open((String) a[0], (Integer) a[1], (FileAttributes) a[2]),
                () -> new Object[] {fresh("new"), OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY},
                (r, a) -> {
                    server.client.close((SftpHandle) r);
                    assertTrue(Files.isRegularFile(root.resolve(((String) a[0]).substring(1))));
                    assertEquals(0644, server.client.stat((String) a[0]).permissions() & 0777, "0666 less the umask");
                }));
        t.add(new Row("openDirectory(java.lang.String)", List.of("path"), Set.of(),
                (c, a) -> c.openDirectory((String) a[0]), () -> new Object[] {"/dir"}, NOTHING));
        t.add(new Row("close(org.sshwire.sftp.SftpHandle)", List.of("handle"), Set.of(),
                (c, a) -> {
                    c.close((SftpHandle) a[0]);
                    return null;
                }, () -> new Object[] {file()}, NOTHING));
        t.add(new Row("read(org.sshwire.sftp.SftpHandle,long,int)", Arrays.asList("handle", null, null), Set.of(),
                (c, a) -> c.read((SftpHandle) a[0], (Long) a[1], (Integer) a[2]), () -> new Object[] {file(), 0L, 10}, NOTHING));
        t.add(new Row("write(org.sshwire.sftp.SftpHandle,long,byte[],int,int)", Arrays.asList("handle", null, "data", null, null),
                Set.of(), (c, a) -> {
                    c.write((SftpHandle) a[0], (Long) a[1], (byte[]) a[2], (Integer) a[3], (Integer) a[4]);
                    return null;
                }, () -> new Object[] {server.client.open(fresh("w"), OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY), 0L, new byte[4], 0, 4},
                NOTHING));
        t.add(new Row("stat(java.lang.String)", List.of("path"), Set.of(), (c, a) -> c.stat((String) a[0]),
                () -> new Object[] {"/file"}, NOTHING));
        t.add(new Row("lstat(java.lang.String)", List.of("path"), Set.of(), (c, a) -> c.lstat((String) a[0]),
                () -> new Object[] {"/file"}, NOTHING));
        t.add(new Row("fstat(org.sshwire.sftp.SftpHandle)", List.of("handle"), Set.of(), (c, a) -> c.fstat((SftpHandle) a[0]),
                () -> new Object[] {file()}, NOTHING));
        t.add(new Row("setStat(java.lang.String,org.sshwire.sftp.FileAttributes)", List.of("path", "attrs"), Set.of(),
                (c, a) -> {
                    c.setStat((String) a[0], (FileAttributes) a[1]);
                    return null;
                }, () -> new Object[] {"/file", FileAttributes.EMPTY.withPermissions(0644)}, NOTHING));
        t.add(new Row("fsetStat(org.sshwire.sftp.SftpHandle,org.sshwire.sftp.FileAttributes)", List.of("handle", "attrs"),
                Set.of(), (c, a) -> {
                    c.fsetStat((SftpHandle) a[0], (FileAttributes) a[1]);
                    return null;
                }, () -> new Object[] {file(), FileAttributes.EMPTY.withPermissions(0644)}, NOTHING));
        t.add(new Row("lsetStat(java.lang.String,org.sshwire.sftp.FileAttributes)", List.of("path", "attrs"), Set.of(),
                (c, a) -> {
                    c.lsetStat((String) a[0], (FileAttributes) a[1]);
                    return null;
                }, () -> new Object[] {"/file", FileAttributes.EMPTY.withPermissions(0644)}, NOTHING));
        t.add(new Row("readDirectory(org.sshwire.sftp.SftpHandle)", List.of("handle"), Set.of(),
                (c, a) -> c.readDirectory((SftpHandle) a[0]), () -> new Object[] {server.client.openDirectory("/dir")}, NOTHING));
        t.add(new Row("list(java.lang.String)", List.of("path"), Set.of(), (c, a) -> c.list((String) a[0]),
                () -> new Object[] {"/dir"}, NOTHING));
        t.add(new Row("remove(java.lang.String)", List.of("path"), Set.of(), (c, a) -> {
            c.remove((String) a[0]);
            return null;
        }, () -> {
            String p = fresh("rm");
            Files.writeString(root.resolve(p.substring(1)), "x");
            return new Object[] {p};
        }, NOTHING));
        t.add(new Row("mkdir(java.lang.String,org.sshwire.sftp.FileAttributes)", List.of("path", "attrs"), Set.of("attrs"),
                (c, a) -> {
                    c.mkdir((String) a[0], (FileAttributes) a[1]);
                    return null;
                }, () -> new Object[] {fresh("mkdir"), FileAttributes.EMPTY.withPermissions(0700)},
                (r, a) -> {
                    FileAttributes d = server.client.stat((String) a[0]);
                    assertTrue(d.isDirectory(), d.toString());
                    assertEquals(0755, d.permissions() & 0777, "0777 less the umask");
                }));
        t.add(new Row("rmdir(java.lang.String)", List.of("path"), Set.of(), (c, a) -> {
            c.rmdir((String) a[0]);
            return null;
        }, () -> {
            String p = fresh("rmdir");
            Files.createDirectory(root.resolve(p.substring(1)));
            return new Object[] {p};
        }, NOTHING));
        t.add(new Row("realPath(java.lang.String)", List.of("path"), Set.of(), (c, a) -> c.realPath((String) a[0]),
                () -> new Object[] {"."}, NOTHING));
        t.add(new Row("rename(java.lang.String,java.lang.String)", List.of("oldPath", "newPath"), Set.of(), (c, a) -> {
            c.rename((String) a[0], (String) a[1]);
            return null;
        }, () -> renamable("ren"), NOTHING));
        t.add(new Row("posixRename(java.lang.String,java.lang.String)", List.of("oldPath", "newPath"), Set.of(), (c, a) -> {
            c.posixRename((String) a[0], (String) a[1]);
            return null;
        }, () -> renamable("pren"), NOTHING));
        t.add(new Row("hardlink(java.lang.String,java.lang.String)", List.of("oldPath", "newPath"), Set.of(), (c, a) -> {
            c.hardlink((String) a[0], (String) a[1]);
            return null;
        }, () -> new Object[] {"/file", fresh("hard")}, NOTHING));
        t.add(new Row("readLink(java.lang.String)", List.of("path"), Set.of(), (c, a) -> c.readLink((String) a[0]), () -> {
            String p = fresh("link");
            Files.createSymbolicLink(root.resolve(p.substring(1)), Path.of("file"));
            return new Object[] {p};
        }, NOTHING));
        t.add(new Row("symlink(java.lang.String,java.lang.String)", List.of("targetPath", "linkPath"), Set.of(), (c, a) -> {
            c.symlink((String) a[0], (String) a[1]);
            return null;
        }, () -> new Object[] {"file", fresh("sym")}, NOTHING));
        t.add(new Row("statVfs(java.lang.String)", List.of("path"), Set.of(), (c, a) -> c.statVfs((String) a[0]),
                () -> new Object[] {"/"}, NOTHING));
        t.add(new Row("fstatVfs(org.sshwire.sftp.SftpHandle)", List.of("handle"), Set.of(), (c, a) -> c.fstatVfs((SftpHandle) a[0]),
                () -> new Object[] {file()}, NOTHING));
        t.add(new Row("fsync(org.sshwire.sftp.SftpHandle)", List.of("handle"), Set.of(), (c, a) -> {
            c.fsync((SftpHandle) a[0]);
            return null;
        }, () -> new Object[] {file()}, NOTHING));
        t.add(new Row("expandPath(java.lang.String)", List.of("path"), Set.of(), (c, a) -> c.expandPath((String) a[0]),
                () -> new Object[] {"~/dir"}, NOTHING));
        t.add(new Row("homeDirectory(java.lang.String)", List.of("user"), Set.of(), (c, a) -> c.homeDirectory((String) a[0]),
                () -> new Object[] {"someone"}, NOTHING));
        t.add(new Row("copyData(org.sshwire.sftp.SftpHandle,long,long,org.sshwire.sftp.SftpHandle,long)",
                Arrays.asList("from", null, null, "to", null), Set.of(), (c, a) -> {
                    c.copyData((SftpHandle) a[0], (Long) a[1], (Long) a[2], (SftpHandle) a[3], (Long) a[4]);
                    return null;
                }, () -> new Object[] {file(), 0L, 0L,
                        server.client.open(fresh("copy"), OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY), 0L},
                NOTHING));
        t.add(new Row("usersGroupsById(java.util.List,java.util.List)", List.of("uids", "gids"), Set.of("uids", "gids"),
                (c, a) -> c.usersGroupsById(cast(a[0]), cast(a[1])), () -> new Object[] {List.of(0L), List.of(0L)},
                (r, a) -> {
                    SftpClient.UsersGroups ug = (SftpClient.UsersGroups) r;
                    assertEquals(a[0] == null ? 0 : 1, ug.users().size(), ug.toString());
                    assertEquals(a[1] == null ? 0 : 1, ug.groups().size(), ug.toString());
                }));
        t.add(new Row("get(java.lang.String,java.nio.file.Path,org.sshwire.sftp.TransferOptions)",
                List.of("remote", "local", "options"), Set.of("options"), (c, a) -> {
                    c.get((String) a[0], (Path) a[1], (TransferOptions) a[2]);
                    return null;
                }, () -> new Object[] {"/file", local.resolve(fresh("got").substring(1)), TransferOptions.defaults()},
                (r, a) -> assertEquals("remote content", Files.readString((Path) a[1]))));
        t.add(new Row("put(java.nio.file.Path,java.lang.String,org.sshwire.sftp.TransferOptions)",
                List.of("local", "remote", "options"), Set.of("options"), (c, a) -> {
                    c.put((Path) a[0], (String) a[1], (TransferOptions) a[2]);
                    return null;
                }, () -> new Object[] {local.resolve("up"), fresh("put"), TransferOptions.defaults()},
                (r, a) -> assertEquals("local content", Files.readString(root.resolve(((String) a[1]).substring(1))))));
        t.add(new Row("getTree(java.lang.String,java.nio.file.Path,org.sshwire.sftp.TransferOptions)",
                List.of("remoteDir", "localDir", "options"), Set.of("options"), (c, a) -> {
                    c.getTree((String) a[0], (Path) a[1], (TransferOptions) a[2]);
                    return null;
                }, () -> new Object[] {"/dir", local.resolve(fresh("gottree").substring(1)), TransferOptions.defaults()},
                (r, a) -> assertEquals("inside", Files.readString(((Path) a[1]).resolve("inside")))));
        t.add(new Row("putTree(java.nio.file.Path,java.lang.String,org.sshwire.sftp.TransferOptions)",
                List.of("localDir", "remoteDir", "options"), Set.of("options"), (c, a) -> {
                    c.putTree((Path) a[0], (String) a[1], (TransferOptions) a[2]);
                    return null;
                }, () -> new Object[] {local.resolve("tree"), fresh("puttree"), TransferOptions.defaults()},
                (r, a) -> assertEquals("leaf", Files.readString(root.resolve(((String) a[1]).substring(1)).resolve("leaf")))));
        return t;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> cast(Object o) {
        return (List<Long>) o;
    }

    private static Object[] renamable(String stem) throws Exception {
        String p = fresh(stem);
        Files.writeString(root.resolve(p.substring(1)), "x");
        return new Object[] {p, fresh(stem + "-to")};
    }

    /** A public method's signature as the table writes it. */
    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    @Test
    void everyPublicMethodHasARow() {
        Set<String> withObjects = new TreeSet<>();
        for (Method m : SftpClient.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()
                    && Arrays.stream(m.getParameterTypes()).anyMatch(p -> !p.isPrimitive())) {
                withObjects.add(signature(m));
            }
        }
        Set<String> inTable = rows().stream().map(Row::signature).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(withObjects, inTable);
        for (Row r : rows()) {
            assertTrue(r.params().containsAll(r.optional()), r.signature());
        }
    }

    /** Every (row, object parameter) pair. */
    static Stream<Object[]> nullableParameters() {
        List<Object[]> cases = new ArrayList<>();
        for (Row r : rows()) {
            for (int i = 0; i < r.params().size(); i++) {
                if (r.params().get(i) != null) {
                    cases.add(new Object[] {r, i});
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1} null")
    @MethodSource("nullableParameters")
    void nullIsEitherTheDefaultOrAClearErrorNamingTheParameter(Row row, int position) throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Object[] args = row.args().make();
            args[position] = null;
            String name = row.params().get(position);
            if (row.optional().contains(name)) {
                Object result = row.call().call(server.client, args);
                row.effect().check(result, args);
            } else {
                NullPointerException e = assertThrows(NullPointerException.class, () -> row.call().call(server.client, args),
                        row + ": null " + name);
                assertTrue(e.getMessage() != null && e.getMessage().contains(name),
                        row + ": the message should name " + name + ", was: " + e.getMessage());
            }
            // Nothing half-sent: the session still answers, in step.
            assertEquals("/", server.client.realPath("/"));
        });
    }

    @Test
    void aNullInsideTheIdListsIsAClearErrorToo() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> server.client.usersGroupsById(Arrays.asList(0L, null), List.of()));
        assertTrue(e.getMessage() != null && e.getMessage().contains("uids"), String.valueOf(e.getMessage()));
    }

    @Test
    void writeChecksItsRangeBeforeSendingAnything() throws Exception {
        SftpHandle h = server.client.open(fresh("range"), OpenFlags.READ | OpenFlags.WRITE | OpenFlags.CREAT, FileAttributes.EMPTY);
        byte[] four = "four".getBytes(StandardCharsets.UTF_8);
        assertThrows(IndexOutOfBoundsException.class, () -> server.client.write(h, 0, four, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> server.client.write(h, 0, four, -1, 1));
        server.client.write(h, 0, four, 1, 3);
        assertEquals("our", new String(server.client.read(h, 0, 10), StandardCharsets.UTF_8));
        server.client.close(h);
        assertFalse(server.client.list("/").isEmpty());
    }

    @Test
    void tableRowsAreCalledWithValidArgumentsWithoutError() throws Exception {
        // The table's own arguments are valid: a row that fails here would make the null cases meaningless.
        for (Row r : rows()) {
            if (r.signature().startsWith("open(java.io") || r.signature().startsWith("open(org.sshwire")) {
                continue; // an empty stream is no server, nor is there a connection here: the null cases need neither
            }
            try {
                r.call().call(server.client, r.args().make());
            } catch (Exception e) {
                fail(r + " with valid arguments: " + e, e);
            }
        }
    }
}
