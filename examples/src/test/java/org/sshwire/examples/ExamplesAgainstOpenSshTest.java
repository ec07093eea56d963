package org.sshwire.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.Prerequisites;

/**
 * Every example program, run in its own JVM against real OpenSSH: our client examples against
 * {@code sshd}, our server examples under OpenSSH's {@code ssh} and {@code sftp}.
 */
class ExamplesAgainstOpenSshTest {
    static final Path SFTP = Path.of("/usr/bin/sftp");

    @TempDir
    static Path dir;
    static Path userKey;
    static Path certKey;
    static Path hostKey;
    static Path authorizedKeys;
    static Path sshdKnownHosts;
    static int sshdPort;
    static Process sshd;
    static OpenSsh.SshdConfig sshdConfig;
    static String user = System.getProperty("user.name");

    @BeforeAll
    static void startSshd() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        Prerequisites.tool(SFTP, "openssh-client");
        userKey = keygen("user");
        certKey = keygen("certified");
        hostKey = keygen("host");
        authorizedKeys = Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(userKey + ".pub")));
        // A CA that sshd trusts, and a certificate for a key that is in no authorized_keys file.
        Path ca = keygen("ca");
        OpenSsh.Result signed = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", ca.toString(), "-I",
                "example-cert", "-n", user, certKey + ".pub"), 60);
        assertEquals(0, signed.exit(), signed.stderr());

        sshdConfig = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "AuthorizedKeysFile " + authorizedKeys, "TrustedUserCAKeys " + ca + ".pub",
                "PermitRootLogin prohibit-password", "Subsystem sftp internal-sftp"));
        sshdPort = freePort();
        sshd = sshdConfig.startListening(sshdPort);
        awaitListening(sshdPort);
        // known_hosts for the examples: sshd's host keys under [127.0.0.1]:port, as ssh writes them.
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(sshdConfig.dir)) {
            for (Path pub : files.filter(f -> f.getFileName().toString().matches("host_.*\\.pub")).toList()) {
                String[] parts = Files.readString(pub).trim().split(" ");
                lines.add("[127.0.0.1]:" + sshdPort + " " + parts[0] + " " + parts[1]);
            }
        }
        sshdKnownHosts = Files.write(dir.resolve("known_hosts_sshd"), lines);
    }

    @AfterAll
    static void stopSshd() throws InterruptedException {
        if (sshd != null) {
            sshd.destroy();
            sshd.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void embeddedServerRunsOpenSshCommandsAndSftpAndRefusesATerminalWithoutPty4j() throws Exception {
        Path root = Files.createDirectories(dir.resolve("embedded-root"));
        try (ExamplePrograms.Server s = new ExamplePrograms.Server(EmbeddedServer.class, dir, "0", hostKey.toString(),
                authorizedKeys.toString(), root.toString())) {
            OpenSsh.Result r = ssh(s.port, "echo", "hello-$((6*7))");
            assertEquals(0, r.exit(), r.stderr() + s.logText());
            assertEquals("hello-42\n", r.stdout());

            Path upload = Files.writeString(dir.resolve("upload.txt"), "uploaded by OpenSSH sftp\n");
            OpenSsh.Result put = sftp(s.port, "put " + upload + " /up.txt\nls -l /\n");
            assertEquals(0, put.exit(), put.stderr());
            assertEquals("uploaded by OpenSSH sftp\n", Files.readString(root.resolve("up.txt")));

            // The examples depend on the protocol modules only: without pty4j a terminal is refused,
            // as sshd with PermitTTY no refuses it (ssh -tt then gives up, exit 255), and the server
            // goes on serving.
            OpenSsh.Result tty = ssh(s.port, "-tt", "tty");
            assertTrue(tty.stderr().contains("PTY allocation request failed"), tty.stderr());
            assertEquals(255, tty.exit(), tty.stderr());
            assertEquals("still serving\n", ssh(s.port, "echo", "still", "serving").stdout());
        }
    }

    @Test
    void customFileSystemServerServesGeneratedFilesToOpenSshSftp() throws Exception {
        try (ExamplePrograms.Server s = new ExamplePrograms.Server(CustomFileSystemServer.class, dir, "0", hostKey.toString(),
                authorizedKeys.toString())) {
            Path got = dir.resolve("hello-got.txt");
            OpenSsh.Result r = sftp(s.port, "ls -l\nget hello.txt " + got + "\n");
            assertEquals(0, r.exit(), r.stderr() + s.logText());
            assertTrue(r.stdout().contains("hello.txt"), r.stdout());
            assertEquals("hello " + user + "\n", Files.readString(got));

            Path local = Files.writeString(dir.resolve("refused.txt"), "x");
            OpenSsh.Result put = sftp(s.port, "put " + local + " /new.txt\n");
            assertNotEquals(0, put.exit(), "an upload to a read-only file system must fail");
        }
    }

    @Test
    void sftpTransferUploadsListsAndDownloadsAgainstSshd() throws Exception {
        Path local = dir.resolve("transfer.bin");
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        Files.write(local, data);
        Path remoteDir = dir.resolve("incoming");
        OpenSsh.Result r = ExamplePrograms.run(SftpTransfer.class, user, "127.0.0.1", String.valueOf(sshdPort),
                userKey.toString(), sshdKnownHosts.toString(), local.toString(), remoteDir.toString());
        assertEquals(0, r.exit(), r.stderr() + sshdConfig.log("sshd.log"));
        assertTrue(r.stdout().contains("transfer.bin"), r.stdout());
        assertEquals(java.util.Arrays.hashCode(data), java.util.Arrays.hashCode(Files.readAllBytes(remoteDir.resolve("transfer.bin"))));
        assertEquals(java.util.Arrays.hashCode(data), java.util.Arrays.hashCode(Files.readAllBytes(dir.resolve("transfer.bin.back"))));
    }

    @Test
    void packetTraceShowsEveryMessageOfASessionWithSshd() {
        OpenSsh.Result r = ExamplePrograms.run(PacketTrace.class, user, "127.0.0.1", String.valueOf(sshdPort),
                userKey.toString(), sshdKnownHosts.toString(), "echo traced");
        assertEquals(0, r.exit(), r.stderr());
        for (String message : List.of("SSH_MSG_KEXINIT", "SSH_MSG_NEWKEYS", "SSH_MSG_USERAUTH_SUCCESS",
                "SSH_MSG_CHANNEL_OPEN_CONFIRMATION", "SSH_MSG_CHANNEL_DATA", "SSH_MSG_CHANNEL_CLOSE")) {
            assertTrue(r.stdout().contains(message), message + " missing from\n" + r.stdout());
        }
        assertTrue(r.stdout().contains("command printed: traced, Code[value=0]"), r.stdout());
    }

    @Test
    void sessionRecorderKeepsWhatOpenSshSessionsTypedAndSaw() throws Exception {
        Path transcript = dir.resolve("transcript.log");
        try (ExamplePrograms.Server s = new ExamplePrograms.Server(SessionRecorder.class, dir, "0", hostKey.toString(),
                authorizedKeys.toString(), transcript.toString())) {
            OpenSsh.Result r = OpenSsh.run(sshCommand(s.port, "cat; echo audited-$((6*7))"),
                    "typed-by-the-user\n".getBytes(StandardCharsets.UTF_8), 60);
            assertEquals(0, r.exit(), r.stderr() + s.logText());
            String t = Files.readString(transcript);
            assertTrue(t.contains("session channel 0 in] typed-by-the-user"), t);
            // cat's echo and the shell's line may leave the pipe in one read: one "out" record or two.
            assertTrue(t.indexOf("out] ") >= 0 && t.substring(t.indexOf("out] ")).contains("audited-42\n"), t);
            assertTrue(t.contains("[" + user + " "), t);
        }
    }

    @Test
    void customBastionRelaysACommandToSshdPrintsItAndRefusesAnotherHost() throws Exception {
        try (ExamplePrograms.Server s = new ExamplePrograms.Server(CustomBastion.class, dir, "0", hostKey.toString(),
                authorizedKeys.toString(), userKey.toString(), sshdKnownHosts.toString())) {
            List<String> through = sshCommand(s.port, "echo bastion-$((6*7))");
            through.addAll(through.indexOf("-l"), List.of("-o", "User=" + user + "@127.0.0.1:" + sshdPort));
            through.subList(through.indexOf("-l"), through.indexOf("-l") + 2).clear();
            OpenSsh.Result r = OpenSsh.run(through, 60);
            assertEquals(0, r.exit(), r.stderr() + s.logText());
            assertEquals("bastion-42\n", r.stdout());
            assertTrue(s.logText().contains("ran 'echo bastion-$((6*7))' on " + user + "@127.0.0.1:" + sshdPort), s.logText());

            List<String> elsewhere = sshCommand(s.port, "echo should-not-run");
            int l = elsewhere.indexOf("-l");
            elsewhere.set(l + 1, user + "@192.0.2.1:22");
            OpenSsh.Result refused = OpenSsh.run(elsewhere, 60);
            assertEquals(255, refused.exit(), refused.stdout() + refused.stderr());
            assertTrue(refused.stderr().contains("192.0.2.1 is not reachable from this bastion, only 127.0.0.1"), refused.stderr());
        }
    }

    @Test
    void certificateLoginGetsInWhereOnlyTheCaIsTrusted() {
        OpenSsh.Result r = ExamplePrograms.run(CertificateLogin.class, user, "127.0.0.1", String.valueOf(sshdPort),
                certKey.toString(), sshdKnownHosts.toString(), "id -un");
        assertEquals(0, r.exit(), r.stderr() + sshdConfig.log("sshd.log"));
        assertTrue(r.stdout().contains("certificate example-cert for [" + user + "]"), r.stdout());
        assertTrue(r.stdout().contains(user + "\nCode[value=0]"), r.stdout());
    }

    @Test
    void runCommandCollectsBothStreamsAndTellsHowTheCommandEnded() {
        OpenSsh.Result r = ExamplePrograms.run(RunCommand.class, user, "127.0.0.1", String.valueOf(sshdPort),
                userKey.toString(), sshdKnownHosts.toString(), "head -c 3000000 /dev/zero >&2; seq 1 3; exit 3");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("stdout: 6 bytes, first line: 1\nstderr: 3000000 bytes\nexit code 3\n", r.stdout());

        OpenSsh.Result killed = ExamplePrograms.run(RunCommand.class, user, "127.0.0.1", String.valueOf(sshdPort),
                userKey.toString(), sshdKnownHosts.toString(), "kill -TERM $$");
        assertTrue(killed.stdout().endsWith("killed by SIGTERM\n"), killed.stdout() + killed.stderr());
    }

    @Test
    void passwordServerDecidesWithTheConnectionAndForcesItsCommandUnderOpenSsh() throws Exception {
        Prerequisites.tool(Path.of("/usr/bin/sshpass"), "sshpass");
        Path data = dir.resolve("password-server-data");
        List<String> first;
        try (ExamplePrograms.Server s = new ExamplePrograms.Server(PasswordServer.class, dir, "0", data.toString(), "s3cret")) {
            first = Files.readAllLines(data.resolve("ssh_host_ed25519_key.pub"));
            OpenSsh.Result r = passwordSsh(s.port, data, "report", "s3cret", "quarterly");
            assertEquals(0, r.exit(), r.stderr() + s.logText());
            assertTrue(r.stdout().startsWith("report for quarterly from SSH-2.0-OpenSSH_"), r.stdout());
            assertEquals(255, passwordSsh(s.port, data, "report", "wrong", "quarterly").exit());
        }
        // The host key was generated into the data directory once: a second start presents it
        // again, so the known_hosts line written from the first start still matches.
        try (ExamplePrograms.Server s = new ExamplePrograms.Server(PasswordServer.class, dir, "0", data.toString(), "s3cret")) {
            assertEquals(first, Files.readAllLines(data.resolve("ssh_host_ed25519_key.pub")));
            OpenSsh.Result r = passwordSsh(s.port, data, "report", "s3cret", "again");
            assertEquals(0, r.exit(), r.stderr() + s.logText());
        }
    }

    static OpenSsh.Result passwordSsh(int port, Path data, String login, String password, String command) throws IOException {
        String[] pub = Files.readString(data.resolve("ssh_host_ed25519_key.pub")).trim().split(" ");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts_password_" + port), "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1] + "\n");
        return OpenSsh.run(List.of("/usr/bin/sshpass", "-p", password, OpenSsh.SSH.toString(), "-F", "/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
                "-p", String.valueOf(port), "-l", login, "127.0.0.1", command), 60);
    }

    @Test
    void portForwardsReachAServiceBothWaysThroughSshd() throws Exception {
        try (java.net.ServerSocket service = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread greeter = new Thread(() -> {
                for (int i = 0; i < 10; i++) { // bounded: the example connects twice
                    try (Socket c = service.accept()) {
                        c.getOutputStream().write("hello from the service\n".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "greeter");
            greeter.setDaemon(true);
            greeter.start();
            OpenSsh.Result r = ExamplePrograms.run(PortForwards.class, user, "127.0.0.1", String.valueOf(sshdPort),
                    userKey.toString(), sshdKnownHosts.toString(), String.valueOf(service.getLocalPort()));
            assertEquals(0, r.exit(), r.stderr() + sshdConfig.log("sshd.log"));
            assertTrue(r.stdout().matches("(?s)through -L /127\\.0\\.0\\.1:\\d+: hello from the service\n"
                    + "through -R port \\d+: hello from the service\n"), r.stdout());
        }
    }

    @Test
    void hostKeyCheckTellsUnknownChangedRevokedAndKnownApart() throws Exception {
        String ed25519 = Files.readString(sshdConfig.dir.resolve("host_ed255190.pub")).trim();
        String[] pub = ed25519.split(" ");
        String other = Files.readString(Path.of(keygen("impostor") + ".pub")).trim().split(" ")[1];
        String host = "[127.0.0.1]:" + sshdPort;
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "unknown host key SHA256:");
        cases.put(host + " ssh-ed25519 " + other + "\n", "HOST KEY CHANGED: offered SHA256:");
        cases.put("@revoked * " + pub[0] + " " + pub[1] + "\n" + host + " " + pub[0] + " " + pub[1] + "\n", "is revoked");
        cases.put(host + " " + pub[0] + " " + pub[1] + "\n", "host key known; login refused");
        int i = 0;
        for (var c : cases.entrySet()) {
            Path kh = Files.writeString(dir.resolve("known_hosts_check_" + i++), c.getKey());
            OpenSsh.Result r = ExamplePrograms.run(HostKeyCheck.class, "127.0.0.1", String.valueOf(sshdPort), kh.toString());
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().contains(c.getValue()), c.getKey() + " -> " + r.stdout());
        }
    }

    // ------------------------------------------------------------------ OpenSSH as the client

    static List<String> sshCommand(int port, String... command) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", userKey.toString(),
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + ourKnownHosts(port), "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-p", String.valueOf(port), "-l", user));
        List<String> rest = new ArrayList<>(List.of(command));
        while (!rest.isEmpty() && rest.get(0).startsWith("-")) {
            cmd.add(rest.remove(0)); // ssh options such as -tt go before the host
        }
        cmd.add("127.0.0.1");
        cmd.addAll(rest);
        return cmd;
    }

    static OpenSsh.Result ssh(int port, String... command) {
        return OpenSsh.run(sshCommand(port, command), 60);
    }

    static OpenSsh.Result sftp(int port, String batch) throws IOException {
        Path b = Files.writeString(Files.createTempFile(dir, "batch", ".txt"), batch);
        return OpenSsh.run(List.of(SFTP.toString(), "-F", "/dev/null", "-i", userKey.toString(),
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + ourKnownHosts(port), "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-P", String.valueOf(port), "-b", b.toString(), user + "@127.0.0.1"), 60);
    }

    /** known_hosts holding the examples' host key for 127.0.0.1:port. */
    static Path ourKnownHosts(int port) {
        try {
            String[] pub = Files.readString(Path.of(hostKey + ".pub")).trim().split(" ");
            return Files.writeString(dir.resolve("known_hosts_" + port), "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1] + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path keygen(String name) {
        Path key = dir.resolve(name);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", name,
                "-f", key.toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        return key;
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Waits (bounded) until sshd accepts connections. */
    static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("sshd did not listen on " + port + ": " + sshdConfig.log("sshd.log"));
    }
}
