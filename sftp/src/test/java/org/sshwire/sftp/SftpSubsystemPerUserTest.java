package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.Prerequisites;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * One {@link SftpSubsystem} on an {@link SshServer}, a file system per login: alice gets a
 * {@link RootedFileSystem} over an in-memory Jimfs file system, bob a custom
 * {@link SftpFileSystem} and a read-only configuration, carol nothing. Driven by our
 * {@link SftpClient} over our SshClient and by OpenSSH's {@code sftp} over TCP. File work runs
 * on the subsystem's own pool, closed with it, or on the executor the user supplies.
 */
class SftpSubsystemPerUserTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    static final Map<String, SshKeyPair> KEYS = Map.of(
            "alice", SshKeyPair.generate("ssh-ed25519", 0, CRYPTO),
            "bob", SshKeyPair.generate("ssh-ed25519", 0, CRYPTO),
            "carol", SshKeyPair.generate("ssh-ed25519", 0, CRYPTO));

    @TempDir
    Path tmp;
    FileSystem memory;
    Path aliceRoot;
    final GreetingFileSystem bobFs = new GreetingFileSystem("hello bob\n");
    SshServer server;
    final List<SshClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        memory = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        aliceRoot = Files.createDirectories(memory.getPath("/home/alice"));
        Files.writeString(aliceRoot.resolve("from-memory.txt"), "only in memory\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        clients.forEach(SshClient::close);
        if (server != null) {
            server.close();
        }
        memory.close();
    }

    /** The file system of each login: alice in memory, bob the custom one, anyone else none. */
    SftpFileSystem fileSystemFor(String user) throws IOException {
        switch (user) {
            case "alice":
                return RootedFileSystem.at(aliceRoot);
            case "bob":
                return bobFs;
            default:
                return null;
        }
    }

    SftpSubsystem.Builder perUser() {
        return SftpSubsystem.builder(session -> fileSystemFor(session.user()))
                .config(session -> session.user().equals("bob")
                        ? SftpServerConfig.defaults().withReadOnly(true) : SftpServerConfig.defaults());
    }

    int start(SftpSubsystem sftp) throws IOException {
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(HOST)
                .auth(ServerAuthPolicy.builder().publicKeys((user, key, addr) ->
                        KEYS.containsKey(user) && KEYS.get(user).publicKey().equals(key)
                                ? Optional.of(Permissions.DEFAULT) : Optional.empty()).build())
                .subsystem("sftp", sftp).build().start();
        return server.port();
    }

    SshClient client(String user) throws IOException {
        SshClient c = SshClient.builder(user).identity(KEYS.get(user)).timeout(Duration.ofSeconds(30))
                .hostKeyVerifier((h, p, k) -> k.equals(HOST.publicKey())).connect("127.0.0.1", server.port());
        clients.add(c);
        return c;
    }

    ClientSession session(String user) throws IOException {
        ClientSession s = client(user).openSession();
        s.subsystem("sftp");
        return s;
    }

    SftpClient sftp(String user) throws IOException {
        ClientSession s = session(user);
        return SftpClient.open(s.stdout(), s.stdin());
    }

    /**
     * {@code SftpClient.open(SshClient)} sends INIT behind the subsystem request without waiting
     * for its answer; against a server without the subsystem the refusal ends the wait for
     * VERSION with a clear error instead of a hang.
     */
    @Test
    void openingOnAConnectionWorksAndARefusedSubsystemIsAnErrorNotAWait() throws Exception {
        try (SftpSubsystem sftp = perUser().build()) {
            start(sftp);
            try (SftpClient alice = SftpClient.open(client("alice"))) {
                assertEquals(List.of("from-memory.txt"), names(alice.list("/")));
            }
        }
        server.close();
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(HOST)
                .auth(ServerAuthPolicy.builder().publicKeys((user, key, addr) -> Optional.of(Permissions.DEFAULT)).build())
                .handler(session -> session.exit(1)).build().start();
        SshClient c = client("alice");
        IOException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> SftpClient.open(c)));
        assertTrue(e.getMessage().contains("refused subsystem sftp"), e.getMessage());
    }

    @Test
    void eachLoginGetsItsOwnFileSystemAndConfigurationThroughOurClient() throws Exception {
        try (SftpSubsystem sftp = perUser().build()) {
            start(sftp);
            SftpClient alice = sftp("alice");
            SftpClient bob = sftp("bob");

            assertEquals(List.of("from-memory.txt"), names(alice.list("/")));
            Path up = Files.writeString(tmp.resolve("up.txt"), "uploaded by alice\n");
            alice.put(up, "/up.txt", TransferOptions.defaults());
            alice.mkdir("/d", null);
            assertEquals("uploaded by alice\n", Files.readString(aliceRoot.resolve("up.txt")), "written to Jimfs");
            assertTrue(Files.isDirectory(aliceRoot.resolve("d")));
            assertTrue(alice.stat("/d").isDirectory());

            assertEquals(List.of("hello.txt"), names(bob.list("/")), "bob does not see alice's files");
            bob.get("/hello.txt", tmp.resolve("hello.txt"), TransferOptions.defaults());
            assertEquals("hello bob\n", Files.readString(tmp.resolve("hello.txt")));
            SftpException denied = assertThrows(SftpException.class, () -> bob.mkdir("/d", null));
            assertEquals(StatusCode.PERMISSION_DENIED, denied.status(), "bob's configuration is read-only");

            ClientSession carol = session("carol");
            assertEquals(1, carol.waitFor(Duration.ofSeconds(60)), "no file system for carol: the subsystem fails");
            String why = new String(carol.stderr().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(why.contains("carol"), why);

            assertFalse(bobFs.threads.isEmpty());
            for (Thread t : bobFs.threads) {
                assertTrue(t.getName().startsWith("sshwire-sftp-"), t.getName());
            }
        }
        // Closed with the subsystem: the pool's threads end (none is a shared, static one).
        for (Thread t : bobFs.threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), t.getName() + " outlived its subsystem");
        }
    }

    @Test
    void openSshSftpSeesEachLoginsOwnFileSystem() throws Exception {
        Path sftpBinary = Prerequisites.tool(OpenSsh.SFTP, "openssh-client");
        try (SftpSubsystem sftp = perUser().build()) {
            int port = start(sftp);
            Path local = Files.createDirectory(tmp.resolve("local"));
            Files.writeString(local.resolve("x.txt"), "put by OpenSSH\n");

            String alice = openSsh(sftpBinary, port, "alice", local,
                    "mkdir d", "ls -l", "cd d", "put x.txt", "pwd", "ls -l", "get /from-memory.txt");
            assertTrue(alice.lines().anyMatch(l -> l.startsWith("-rw") && l.endsWith("from-memory.txt")), alice);
            assertTrue(alice.lines().anyMatch(l -> l.startsWith("drwx") && l.endsWith(" d")), alice);
            assertTrue(alice.contains("Remote working directory: /d"), alice);
            assertEquals("put by OpenSSH\n", Files.readString(aliceRoot.resolve("d/x.txt")));
            assertEquals("only in memory\n", Files.readString(local.resolve("from-memory.txt")));

            String bob = openSsh(sftpBinary, port, "bob", local, "ls -l", "get hello.txt", "-mkdir nope");
            assertTrue(bob.lines().anyMatch(l -> l.startsWith("-r--r--r--") && l.endsWith("hello.txt")), bob);
            assertFalse(bob.contains("from-memory.txt"), bob);
            assertTrue(bob.contains("Permission denied"), bob);
            assertEquals("hello bob\n", Files.readString(local.resolve("hello.txt")));
        }
    }

    @Test
    void fileWorkRunsOnTheExecutorTheUserSuppliesWhichTheSubsystemLeavesOpen() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> new Thread(r, "user-pool-" + n.incrementAndGet()));
        try {
            try (SftpSubsystem sftp = perUser().executor(pool).build()) {
                start(sftp);
                SftpClient bob = sftp("bob");
                assertNotNull(bob.stat("/hello.txt"));
                assertEquals(List.of("hello.txt"), names(bob.list("/")));
            }
            assertFalse(bobFs.threads.isEmpty());
            for (Thread t : bobFs.threads) {
                assertTrue(t.getName().startsWith("user-pool-"), t.getName());
            }
            assertFalse(pool.isShutdown(), "the user's executor is the user's to close");
            assertEquals("ran", pool.submit(() -> "ran").get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingTheSubsystemEndsItsSessionsAndRefusesNewOnes() throws Exception {
        SftpSubsystem sftp = perUser().build();
        start(sftp);
        SftpClient alice = sftp("alice");
        assertEquals("/", alice.realPath("."));
        sftp.close();
        // The session ended: the request fails (the channel is closed, or the reply never comes
        // and the connection-lost failure completes it), it does not hang.
        assertThrows(IOException.class, () -> alice.realPath("."));

        ClientSession late = session("alice");
        assertEquals(1, late.waitFor(Duration.ofSeconds(60)));
        String why = new String(late.stderr().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(why.contains("closed"), why);
    }

    private static List<String> names(List<NameEntry> entries) {
        return entries.stream().map(NameEntry::filename).sorted().toList();
    }

    /** Runs OpenSSH's sftp as {@code user} with a batch; fails with its output unless it exits 0. */
    private String openSsh(Path binary, int port, String user, Path dir, String... commands) throws Exception {
        Path key = tmp.resolve("id_" + user);
        if (!Files.exists(key)) {
            Files.write(key, KeyFiles.writeOpenSsh(KEYS.get(user), null, user, CRYPTO));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        Path batch = Files.writeString(tmp.resolve("batch-" + user), String.join("\n", commands) + "\n");
        Process p = new ProcessBuilder(binary.toString(), "-F", "/dev/null", "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                "-P", Integer.toString(port), "-b", batch.toString(), user + "@127.0.0.1")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "sftp did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /**
     * A custom, read-only file system: "/" holding one file. Records the threads its methods run
     * on, so the test can tell where file work runs.
     */
    static final class GreetingFileSystem implements SftpFileSystem {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final byte[] content;
        private final long mtime = 1_700_000_000L;

        GreetingFileSystem(String content) {
            this.content = content.getBytes(StandardCharsets.UTF_8);
        }

        private String normal(String path) throws SftpException {
            threads.add(Thread.currentThread());
            String p = path.replaceAll("/+", "/").replaceAll("(^|/)\\.(?=/|$)", "");
            if (p.isEmpty() || p.equals("/")) {
                return "/";
            }
            p = p.startsWith("/") ? p : "/" + p;
            p = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (p.equals("/hello.txt")) {
                return p;
            }
            throw new SftpException(StatusCode.NO_SUCH_FILE);
        }

        private FileAttributes attrs(String p) {
            return p.equals("/")
                    ? FileAttributes.EMPTY.withPermissions(FileAttributes.S_IFDIR | 0555).withTimes(mtime, mtime)
                    : FileAttributes.EMPTY.withSize(content.length).withPermissions(FileAttributes.S_IFREG | 0444)
                            .withTimes(mtime, mtime);
        }

        @Override
        public String realPath(String path) throws IOException {
            return normal(path);
        }

        @Override
        public FileAttributes stat(String path) throws IOException {
            return attrs(normal(path));
        }

        @Override
        public FileAttributes lstat(String path) throws IOException {
            return stat(path);
        }

        @Override
        public Directory openDirectory(String path) throws IOException {
            if (!normal(path).equals("/")) {
                throw new SftpException(StatusCode.NO_SUCH_FILE, "Not a directory");
            }
            return new Directory() {
                private boolean sent;

                @Override
                public List<NameEntry> read(int max) {
                    threads.add(Thread.currentThread());
                    if (sent) {
                        return List.of();
                    }
                    sent = true;
                    FileAttributes a = attrs("/hello.txt");
                    return List.of(new NameEntry("hello.txt", FileAttributes.modeString(a.permissions())
                            + "    1 bob      bob      " + String.format("%8d", content.length) + " Nov 14  2023 hello.txt", a));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public File open(String path, int pflags, FileAttributes attrs) throws IOException {
            String p = normal(path);
            if (p.equals("/") || OpenFlags.writes(pflags)) {
                throw new SftpException(StatusCode.PERMISSION_DENIED);
            }
            return new File() {
                @Override
                public int read(long offset, byte[] buf, int off, int len) {
                    threads.add(Thread.currentThread());
                    if (offset >= content.length) {
                        return -1;
                    }
                    int n = (int) Math.min(len, content.length - offset);
                    System.arraycopy(content, (int) offset, buf, off, n);
                    return n;
                }

                @Override
                public FileAttributes stat() {
                    return attrs(p);
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
