package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.OpenSsh;

/**
 * {@code sshwire sftp}, run through the launcher as a user would, against this machine's sshd
 * (OpenSSH's sftp-server) and against {@code sshwire server}: batch files with OpenSSH's
 * semantics, stdin without {@code -b}, and the progress meter on a real terminal (tmux).
 */
class SftpCommandTest {
    @TempDir
    static Path dir;
    static Path key;
    static Process sshd;
    static Process sshwireServer;
    static Target openssh;
    static Target sshwire;

    /**
     * A server to test against: its port, the remote directory the batch works in, and where
     * that directory is on this machine's disk.
     */
    record Target(String name, int port, String remoteDir, Path onDisk) {
        @Override
        public String toString() {
            return name;
        }

        String remote(String name) {
            return remoteDir.endsWith("/") ? remoteDir + name : remoteDir + "/" + name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30).exit());
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "AuthorizedKeysFile " + key + ".pub", "PermitRootLogin prohibit-password",
                "Subsystem sftp /usr/lib/openssh/sftp-server", "HostKeyAlgorithms ssh-ed25519"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        sshd = cfg.startListening(port);
        TransportInteropTest.connectWithRetry(port).close();
        Path sshdFiles = Files.createDirectories(dir.resolve("sshd-files"));
        openssh = new Target("sshd", port, sshdFiles.toString(), sshdFiles);

        Path files = Files.createDirectories(dir.resolve("sshwire-files"));
        sshwireServer = new ProcessBuilder(ServerCommandTest.LAUNCHER.toString(), "server", "-p", "0",
                "--data-dir", dir.resolve("data").toString(), "--sftp-root", files.toString(),
                "--authorized-keys", key + ".pub", "-o", "StrictModes=no" /* the key is under /tmp */).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(sshwireServer.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) { // may build the CLI first
            lines.add(line);
            if (line.startsWith("listening on ")) {
                sshwire = new Target("sshwire server", Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)), "/", files);
                break;
            }
        }
        assertTrue(sshwire != null, "sshwire server did not start: " + lines);
        Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "server-output"); // never block its stdout
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : new Process[] {sshd, sshwireServer}) {
            if (p != null) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    static Stream<Target> targets() {
        return Stream.of(openssh, sshwire);
    }

    static String user() {
        return System.getProperty("user.name");
    }

    /** The sshwire sftp command line for a target, trusting its host key on first use. */
    static List<String> sftp(Target t, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "sftp", "-F", "/dev/null", "-P", String.valueOf(t.port()),
                "-i", key.toString(), "-o", "StrictHostKeyChecking=accept-new",
                "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts-" + t.port())));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs with the given text on stdin, in {@code workDir}. */
    static OpenSsh.Result run(List<String> cmd, String stdin, Path workDir) throws Exception {
        Path in = Files.writeString(Files.createTempFile(dir, "stdin", ".txt"), stdin);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new OpenSsh.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static OpenSsh.Result batch(Target t, String commands, Path workDir) throws Exception {
        Path b = Files.writeString(Files.createTempFile(dir, "batch", ".txt"), commands);
        return run(sftp(t, "-b", b.toString(), user() + "@127.0.0.1"), "", workDir);
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    static Path fresh(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p);
        return p;
    }

    @ParameterizedTest
    @MethodSource("targets")
    void putGetLsMkdirRenameChmodRmRmdirInBatchMode(Target t) throws Exception {
        Path local = fresh("basic-" + t.port());
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Files.write(local.resolve("big.bin"), data);
        String work = t.remote("basic");
        OpenSsh.Result r = batch(t, String.join("\n",
                "mkdir " + work,
                "cd " + work,
                "put big.bin",
                "put big.bin second.bin",
                "get big.bin back.bin",
                "ls",
                "rename second.bin moved.bin",
                "chmod 640 moved.bin",
                "ls -l moved.bin",
                "ls -1",
                "rm big.bin",
                "@pwd",
                ""), local);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals(sha256(local.resolve("big.bin")), sha256(local.resolve("back.bin")));
        Path remote = t.onDisk().resolve("basic");
        assertArrayEquals(data, Files.readAllBytes(remote.resolve("moved.bin")));
        assertFalse(Files.exists(remote.resolve("big.bin")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote.resolve("moved.bin"))));
        List<String> out = r.stdout().lines().toList();
        // Every command echoed as OpenSSH's sftp does in batch mode, except the @-prefixed one.
        assertEquals(List.of("sftp> mkdir " + work, "sftp> cd " + work, "sftp> put big.bin", "sftp> put big.bin second.bin",
                "sftp> get big.bin back.bin", "sftp> ls", "big.bin      second.bin   " /* 80 / (10 + 2) = 6 columns of 80 / 6 */, "sftp> rename second.bin moved.bin",
                "sftp> chmod 640 moved.bin", "sftp> ls -l moved.bin"), out.subList(0, 10));
        assertTrue(Pattern.matches("-rw-r-----    \\? \\S+ +\\S+ +3145745 \\w{3} [ \\d]\\d [ \\d]\\d:\\d\\d moved\\.bin", out.get(10)), out.get(10));
        assertEquals(List.of("sftp> ls -1", "big.bin", "moved.bin", "sftp> rm big.bin", "Remote working directory: " + work), out.subList(11, 16));
        assertEquals(16, out.size(), r.stdout());
        // Nothing on stderr but the first-use host key warning (whichever test connects first).
        assertEquals(List.of(), r.stderr().lines().filter(l -> !l.startsWith("Warning: Permanently added")).toList());

        OpenSsh.Result cleanup = batch(t, "rm " + work + "/moved.bin\nrmdir " + work + "\n", local);
        assertEquals(0, cleanup.exit(), cleanup.stderr());
        assertFalse(Files.exists(remote));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void recursivePutAndGetAndAGlobGet(Target t) throws Exception {
        Path local = fresh("tree-" + t.port());
        Files.createDirectories(local.resolve("tree/sub"));
        Files.writeString(local.resolve("tree/a.txt"), "alpha\n");
        Files.writeString(local.resolve("tree/c.log"), "log\n");
        Files.writeString(local.resolve("tree/sub/b.txt"), "beta\n".repeat(10_000));
        String up = t.remote("up");
        OpenSsh.Result r = batch(t, String.join("\n",
                "put -r tree " + up,
                "get -r " + up + " down",
                "lmkdir globbed",
                "get " + up + "/*.txt globbed",
                "get " + up + "/sub/?.txt",
                ""), local);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        for (String f : List.of("a.txt", "c.log", "sub/b.txt")) {
            assertArrayEquals(Files.readAllBytes(local.resolve("tree/" + f)), Files.readAllBytes(t.onDisk().resolve("up/" + f)), f);
            assertArrayEquals(Files.readAllBytes(local.resolve("tree/" + f)), Files.readAllBytes(local.resolve("down/" + f)), f);
        }
        try (Stream<Path> s = Files.list(local.resolve("globbed"))) {
            assertEquals(List.of("a.txt"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("beta\n".repeat(10_000), Files.readString(local.resolve("b.txt")));
        assertEquals(List.of("sftp> put -r tree " + up, "Entering tree/", "Entering tree/sub",
                "sftp> get -r " + up + " down", "Retrieving " + up, "Retrieving " + up + "/sub",
                "sftp> lmkdir globbed", "sftp> get " + up + "/*.txt globbed", "sftp> get " + up + "/sub/?.txt"),
                r.stdout().lines().toList());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aDashPrefixKeepsGoingAndTheFirstUnprefixedFailureEndsTheBatchWithStatus1(Target t) throws Exception {
        String missing = t.remote("nope.txt");
        OpenSsh.Result r = batch(t, String.join("\n",
                "-get " + missing,
                "-rm " + missing,
                "-mkdir " + t.remoteDir(),
                "pwd",
                "get " + missing,
                "pwd",
                ""), fresh("errors-" + t.port()));
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertEquals(List.of(
                "File \"" + missing + "\" not found.",
                "remote delete " + missing + ": No such file or directory",
                "remote mkdir \"" + t.remoteDir() + "\": Failure",
                "File \"" + missing + "\" not found."), r.stderr().lines().toList());
        List<String> out = r.stdout().lines().toList();
        assertEquals("sftp> get " + missing, out.get(out.size() - 1), "the batch stopped at the failure");
        assertEquals(1, out.stream().filter(l -> l.startsWith("Remote working directory: ")).count(), r.stdout());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void withoutBatchCommandsComeFromStdinAndErrorsDoNotStopThem(Target t) throws Exception {
        Path local = fresh("stdin-" + t.port());
        Files.writeString(local.resolve("hello.txt"), "hello\n");
        String target = t.remote("hello-" + t.port() + ".txt");
        OpenSsh.Result r = run(sftp(t, user() + "@127.0.0.1"), String.join("\n",
                "put hello.txt " + target, "get " + t.remote("nope.txt"), "version", "lpwd", "bye", "pwd", ""), local);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals(List.of("sftp> put hello.txt " + target, "Uploading hello.txt to " + target,
                "sftp> get " + t.remote("nope.txt"), "sftp> version", "SFTP protocol version 3",
                "sftp> lpwd", "Local working directory: " + local, "sftp> bye"), r.stdout().lines().toList());
        assertTrue(r.stderr().lines().toList().contains("File \"" + t.remote("nope.txt") + "\" not found."), r.stderr());
        assertTrue(r.stderr().startsWith("Connected to 127.0.0.1.\n"), r.stderr());
        assertEquals("hello\n", Files.readString(t.onDisk().resolve("hello-" + t.port() + ".txt")));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void anUnknownHostKeyOrARefusedKeyIsTheOneLineOfSshAndStatus255(Target t) throws Exception {
        Path empty = dir.resolve("kh-empty-" + t.port());
        OpenSsh.Result unknown = run(List.of(ServerCommandTest.LAUNCHER.toString(), "sftp", "-F", "/dev/null", "-P", String.valueOf(t.port()),
                "-i", key.toString(), "-o", "UserKnownHostsFile=" + empty, "-b", "-", user() + "@127.0.0.1"), "pwd\n", dir);
        assertEquals(255, unknown.exit());
        assertEquals("", unknown.stdout());
        String line = unknown.stderr().strip();
        assertTrue(line.startsWith("sshwire: host key for [127.0.0.1]:" + t.port() + " is not known (SHA256:")
                && line.endsWith("); add it to " + empty + " or use -o StrictHostKeyChecking=accept-new")
                && line.lines().count() == 1, line);

        Path other = dir.resolve("other-" + t.port());
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", other.toString()), 30).exit());
        OpenSsh.Result denied = run(List.of(ServerCommandTest.LAUNCHER.toString(), "sftp", "-F", "/dev/null", "-P", String.valueOf(t.port()),
                "-i", other.toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh-any-" + t.port()),
                "-b", "-", user() + "@127.0.0.1"), "pwd\n", dir);
        assertEquals(255, denied.exit());
        List<String> errs = denied.stderr().lines().filter(l -> l.startsWith("sshwire: ")).toList();
        assertEquals(1, errs.size(), denied.stderr());
        assertTrue(errs.get(0).startsWith("sshwire: " + user() + "@127.0.0.1: permission denied (") && errs.get(0).contains("publickey"), errs.get(0));
    }

    /**
     * INIT goes right behind the subsystem request; an sshd without the sftp subsystem refuses it,
     * and that is ssh's one error line and status 255 at once, not a wait for VERSION.
     */
    @Test
    void aServerWithoutTheSubsystemIsAnErrorAtOnce() throws Exception {
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd-no-sftp")), List.of(
                "AuthorizedKeysFile " + key + ".pub", "PermitRootLogin prohibit-password", "HostKeyAlgorithms ssh-ed25519"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process noSftp = cfg.startListening(port);
        try {
            TransportInteropTest.connectWithRetry(port).close();
            OpenSsh.Result r = run(sftp(new Target("sshd without sftp", port, "/", dir), "-b", "-", user() + "@127.0.0.1"), "pwd\n", dir);
            assertEquals(255, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("sftp subsystem request failed"), r.stderr());
        } finally {
            noSftp.destroy();
            noSftp.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void symlinkDfShellEscapeAndLongListingOfADirectory(Target t) throws Exception {
        Path local = fresh("misc-" + t.port());
        String work = t.remote("misc");
        OpenSsh.Result r = batch(t, String.join("\n",
                "mkdir " + work,
                "cd " + work,
                "!echo local > note.txt",
                "put note.txt",
                "symlink note.txt link.txt",
                "ls -l",
                "df",
                "version"), local);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        Path remote = t.onDisk().resolve("misc");
        assertTrue(Files.isSymbolicLink(remote.resolve("link.txt")));
        assertEquals("note.txt", Files.readSymbolicLink(remote.resolve("link.txt")).toString());
        assertEquals("local\n", Files.readString(remote.resolve("link.txt")));
        List<String> out = r.stdout().lines().toList();
        int ls = out.indexOf("sftp> ls -l");
        assertTrue(out.get(ls + 1).startsWith("l") && out.get(ls + 1).endsWith(" link.txt"), out.get(ls + 1));
        assertTrue(out.get(ls + 2).startsWith("-rw-") && out.get(ls + 2).endsWith(" note.txt") && out.get(ls + 2).contains(" 6 "), out.get(ls + 2));
        assertEquals("sftp> df", out.get(ls + 3));
        assertEquals("        Size         Used        Avail       (root)    %Capacity", out.get(ls + 4));
        assertTrue(Pattern.matches(" *\\d+ +\\d+ +\\d+ +\\d+ +\\d+%", out.get(ls + 5)), out.get(ls + 5));
        assertEquals(List.of("sftp> version", "SFTP protocol version 3"), out.subList(ls + 6, out.size()));
    }

    /** In a real terminal (tmux): the prompt, and OpenSSH's progress meter ending at 100 %. */
    @Test
    void interactiveOnATerminalShowsThePromptAndTheProgressMeter() throws Exception {
        Path tmux = Path.of("/usr/bin/tmux");
        if (!Files.isExecutable(tmux)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("tmux missing; .ci/run installs it");
            }
            org.junit.jupiter.api.Assumptions.abort("tmux is not installed");
        }
        Path local = fresh("tty");
        byte[] data = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Files.write(local.resolve("meter.bin"), data);
        String session = "sshwire-sftp-" + ProcessHandle.current().pid();
        String sock = dir.resolve("tmux.sock").toString();
        String command = "cd '" + local + "' && " + String.join(" ", sftp(openssh, user() + "@127.0.0.1").stream().map(a -> "'" + a + "'").toList());
        tmux(tmux, sock, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command);
        try {
            awaitScreen(tmux, sock, session, l -> l.startsWith("sftp>"), "the prompt");
            tmux(tmux, sock, "send-keys", "-t", session, "put meter.bin " + openssh.remote("meter.bin"), "Enter");
            // name padded to 100 - 35 columns, then OpenSSH's numbers: percent, size, rate, time.
            Pattern meter = Pattern.compile("meter\\.bin {56} 100% 2048KB +\\d+\\.\\d[KMG]B/s +\\d\\d:\\d\\d {0,4}");
            String screen = awaitScreen(tmux, sock, session, l -> meter.matcher(l).matches(), "the progress meter at 100%");
            assertTrue(screen.contains("Uploading meter.bin to " + openssh.remote("meter.bin")), screen);
            tmux(tmux, sock, "send-keys", "-t", session, "bye", "Enter");
        } finally {
            new ProcessBuilder(tmux.toString(), "-S", sock, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(data, Files.readAllBytes(openssh.onDisk().resolve("meter.bin")));
    }

    private static String awaitScreen(Path tmux, String sock, String session, java.util.function.Predicate<String> line,
                                      String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // the launcher may build first
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux(tmux, sock, "capture-pane", "-p", "-t", session);
            if (screen.lines().anyMatch(line)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the terminal never showed " + what + ":\n" + screen);
    }

    private static String tmux(Path tmux, String sock, String... args) {
        List<String> cmd = new ArrayList<>(List.of(tmux.toString(), "-S", sock));
        cmd.addAll(List.of(args));
        OpenSsh.Result r = OpenSsh.run(cmd, 20);
        assertEquals(0, r.exit(), () -> String.join(" ", cmd) + ": " + r.stderr());
        return r.stdout();
    }
}
