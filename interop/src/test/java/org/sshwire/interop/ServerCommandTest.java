package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.ThrowawayUser;

/**
 * The README's main job, run as a user would: {@code ./sshwire server} from the checkout, then the
 * stock OpenSSH {@code ssh} runs a command and {@code sftp} transfers a file.
 */
class ServerCommandTest {
    static final Path LAUNCHER = Path.of("..", "sshwire").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A running {@code sshwire server}, its printed lines, and its port. */
    record Running(Process process, List<String> lines, int port) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy(); // SIGTERM: the server shuts down cleanly
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "server stopped on SIGTERM");
        }
    }

    Running start(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--sftp-root", Files.createDirectories(dir.resolve("files")).toString()));
        args.addAll(List.of(extra));
        return startServer(args);
    }

    Running startServer(List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "server", "-p", "0",
                // The test's key files live under /tmp, which StrictModes rightly distrusts.
                "-o", "StrictModes=no", "--data-dir", dir.resolve("data").toString()));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SECRET_TOKEN", "the server's, never a session's");
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // may build the CLI first
        while (System.nanoTime() < deadline) {
            String line = r.readLine();
            if (line == null) {
                throw new AssertionError("server exited: " + lines);
            }
            lines.add(line);
            if (line.startsWith("listening on ")) {
                return new Running(p, lines, Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("no 'listening on' line: " + lines);
    }

    List<String> opensshArgs(String tool, Path key) {
        return new ArrayList<>(List.of(tool, "-F", "/dev/null", "-i", key.toString(), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"));
    }

    /** An Ed25519 key pair made by OpenSSH's ssh-keygen (so OpenSSH's clients are there too). */
    Path newKey() {
        OpenSsh.require(OpenSsh.SSH);
        Path key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30).exit());
        return key;
    }

    @Test
    void sshRunsACommandAndSftpTransfersAFileAsTheReadmeSays() throws Exception {
        Path key = newKey();
        String user = System.getProperty("user.name");
        try (Running s = start("--authorized-keys", key + ".pub")) {
            assertTrue(s.lines().stream().anyMatch(l -> l.equals("connect with:  ssh -p " + s.port() + " " + user + "@127.0.0.1")), s.lines().toString());
            List<String> ssh = opensshArgs("/usr/bin/ssh", key);
            ssh.addAll(List.of("-p", String.valueOf(s.port()), user + "@127.0.0.1", "echo hello from $USER"));
            OpenSsh.Result r = OpenSsh.run(ssh, 60);
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("hello from " + user + "\n", r.stdout());

            Path local = Files.writeString(dir.resolve("upload.txt"), "sftp through sshwire server\n".repeat(1000));
            Path batch = Files.writeString(dir.resolve("batch"), "put " + local + " up.txt\nget up.txt " + dir.resolve("back.txt") + "\n");
            List<String> sftp = opensshArgs("/usr/bin/sftp", key);
            sftp.addAll(List.of("-P", String.valueOf(s.port()), "-b", batch.toString(), user + "@127.0.0.1"));
            r = OpenSsh.run(sftp, 60);
            assertEquals(0, r.exit(), r.stdout() + r.stderr());
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(dir.resolve("files/up.txt")));
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(dir.resolve("back.txt")));
        }
    }

    @Test
    void sftpOnlyRefusesCommandsShellsAndTerminalsButServesSftp() throws Exception {
        Path key = newKey();
        String user = System.getProperty("user.name");
        try (Running s = start("--authorized-keys", key + ".pub", "--sftp-only")) {
            assertTrue(s.lines().stream().anyMatch(l -> l.endsWith("sftp only: no shells or commands")), s.lines().toString());
            for (List<String> request : List.of(List.of("-T", user + "@127.0.0.1", "echo ran"), List.of("-tt", user + "@127.0.0.1"))) {
                List<String> ssh = opensshArgs("/usr/bin/ssh", key);
                ssh.addAll(List.of("-p", String.valueOf(s.port())));
                ssh.addAll(request);
                OpenSsh.Result r = OpenSsh.run(ssh, "echo ran\nexit\n".getBytes(StandardCharsets.UTF_8), 60);
                assertTrue(r.exit() != 0 && !r.stdout().contains("ran"), request + ": " + r.exit() + " " + r.stdout() + r.stderr());
            }
            Path batch = Files.writeString(dir.resolve("batch"), "pwd\n");
            List<String> sftp = opensshArgs("/usr/bin/sftp", key);
            sftp.addAll(List.of("-b", batch.toString(), "-P", String.valueOf(s.port()), user + "@127.0.0.1"));
            OpenSsh.Result r = OpenSsh.run(sftp, 60);
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().contains("Remote working directory: /"), r.stdout());
        }
    }

    /** Our own client against our own server, both through the launcher: exec, a forced pty, and -L. */
    @Test
    void sshwireSshRunsCommandsPtysAndForwardsAgainstSshwireServer() throws Exception {
        Path key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(LAUNCHER.toString(), "keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 120).exit());
        String user = System.getProperty("user.name");
        try (Running s = start("--authorized-keys", key + ".pub")) {
            List<String> ssh = new ArrayList<>(List.of(LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(s.port()), "-i", key.toString(),
                    "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts")));
            List<String> exec = new ArrayList<>(ssh);
            exec.addAll(List.of(user + "@127.0.0.1", "read x; echo got $x; echo oops >&2; exit 5"));
            OpenSsh.Result r = OpenSsh.run(exec, "line\n".getBytes(StandardCharsets.UTF_8), 120);
            assertEquals(5, r.exit(), r.stderr());
            assertEquals("got line\n", r.stdout());
            assertTrue(r.stderr().contains("oops"), r.stderr());

            List<String> tty = new ArrayList<>(ssh);
            tty.addAll(List.of("-tt", user + "@127.0.0.1", "stty size"));
            r = OpenSsh.run(tty, 120);
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("24 80", r.stdout().strip());

            try (java.net.ServerSocket target = SshServerInteropTest.upperEcho()) {
                int local = SshServerInteropTest.freePort();
                List<String> fwd = new ArrayList<>(ssh);
                fwd.addAll(List.of("-N", "-L", local + ":127.0.0.1:" + target.getLocalPort(), user + "@127.0.0.1"));
                Process p = new ProcessBuilder(fwd).start();
                try {
                    assertEquals("HELLO", SshServerInteropTest.roundTrip(local));
                } finally {
                    p.destroy();
                }
            }
        }
    }

    /** sshd_config names given with -o change what the server does, not just what it accepts. */
    @Test
    void sshdConfigOptionsTakeEffect() throws Exception {
        Path key = newKey();
        String user = System.getProperty("user.name");
        try (Running s = start("--authorized-keys", key + ".pub", "-o", "PubkeyAcceptedAlgorithms=ecdsa-sha2-nistp256",
                "-o", "AllowTcpForwarding=no")) {
            List<String> ssh = opensshArgs("/usr/bin/ssh", key);
            ssh.addAll(List.of("-p", String.valueOf(s.port()), user + "@127.0.0.1", "true"));
            OpenSsh.Result r = OpenSsh.run(ssh, 60);
            assertEquals(255, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("Permission denied"), r.stderr());
        }
        try (Running s = start("--authorized-keys", key + ".pub", "-o", "AllowTcpForwarding=local")) {
            List<String> ssh = opensshArgs("/usr/bin/ssh", key);
            ssh.addAll(List.of("-p", String.valueOf(s.port()), "-o", "ExitOnForwardFailure=yes",
                    "-R", "127.0.0.1:" + SshServerInteropTest.freePort() + ":127.0.0.1:9", user + "@127.0.0.1", "echo", "ran"));
            OpenSsh.Result r = OpenSsh.run(ssh, 60);
            assertEquals(255, r.exit(), r.stdout() + r.stderr());
            assertTrue(r.stderr().contains("remote port forwarding failed"), r.stderr());
        }
        // SetEnv (sshd's session.c do_setup_env): over the login's PATH and the client's AcceptEnv'd LANG, under SSH_CONNECTION.
        try (Running s = start("--authorized-keys", key + ".pub", "-o", "SetEnv=SSHWIRE_SET=one PATH=/opt/set:/usr/bin:/bin LANG=C",
                "-o", "AcceptEnv=LANG")) {
            List<String> ssh = opensshArgs("/usr/bin/ssh", key);
            ssh.addAll(List.of("-o", "SetEnv=LANG=fr_FR.UTF-8", "-p", String.valueOf(s.port()), user + "@127.0.0.1",
                    "echo \"$SSHWIRE_SET|$PATH|$LANG|${SSH_CONNECTION%% *}\""));
            OpenSsh.Result r = OpenSsh.run(ssh, 60);
            assertEquals(0, r.exit(), r.stderr());
            // (the account's shell startup files may put more in front of PATH, as with sshd)
            assertTrue(r.stdout().matches("one\\|(.*:)?/opt/set:/usr/bin:/bin\\|C\\|127\\.0\\.0\\.1\n"), r.stdout());
        }
        OpenSsh.Result typo = OpenSsh.run(List.of(LAUNCHER.toString(), "server", "-p", "0", "--data-dir", dir.resolve("d3").toString(),
                "-o", "MaxStartup=3"), 120);
        assertEquals(1, typo.exit());
        assertEquals("sshwire: unsupported option MaxStartup (see sshwire server --help)", typo.stderr().strip());
        OpenSsh.Result probe = OpenSsh.run(List.of(LAUNCHER.toString(), "server", "-p", "0", "--data-dir", dir.resolve("d3").toString(),
                "-o", "RoundTripProbe=sometimes"), 120);
        assertEquals(255, probe.exit()); // a bad value is a configuration error, as in sshd (README: exit status 255)
        assertEquals("sshwire: RoundTripProbe wants yes or no, not sometimes", probe.stderr().strip());
    }

    @Test
    void asRootEachLoginRunsAsItsOwnAccountOverSshAndSftp() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        Path sshpass = Path.of("/usr/bin/sshpass");
        OpenSsh.require(sshpass);
        try (ThrowawayUser u = ThrowawayUser.create();
             Running s = startServer(List.of("--passwords", Files.writeString(dir.resolve("pw"), u.name() + ":pw-" + u.name()
                     + "\nnoaccount:secret\n").toString()))) {
            assertTrue(s.lines().contains("warning: noaccount in " + dir.resolve("pw") + " cannot log in: no such account"),
                    s.lines().toString());
            List<String> login = List.of(sshpass.toString(), "-p", "pw-" + u.name());
            List<String> opts = List.of("-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no", "-o", "BatchMode=no");
            List<String> ssh = new ArrayList<>(login);
            ssh.add(OpenSsh.SSH.toString());
            ssh.addAll(opts);
            ssh.addAll(List.of("-p", String.valueOf(s.port()), u.name() + "@127.0.0.1", "id -u; id -g; pwd; echo $USER $HOME; env | grep -c SECRET_TOKEN; exit 130"));
            OpenSsh.Result r = OpenSsh.run(ssh, 60);
            assertEquals(130, r.exit(), r.stderr());
            assertEquals(u.uid() + "\n" + u.gid() + "\n" + u.home() + "\n" + u.name() + " " + u.home() + "\n0\n", r.stdout());

            Path local = Files.writeString(dir.resolve("mine.txt"), "written over sftp\n");
            Path batch = Files.writeString(dir.resolve("batch"), "pwd\nput " + local + " mine.txt\n-put " + local + " /root/not-yours\n");
            List<String> sftp = new ArrayList<>(login);
            sftp.add("/usr/bin/sftp");
            sftp.addAll(opts); // before -b, which adds BatchMode=yes: ssh takes the first value of an option
            sftp.addAll(List.of("-b", batch.toString()));
            sftp.addAll(List.of("-P", String.valueOf(s.port()), u.name() + "@127.0.0.1"));
            OpenSsh.Result t = OpenSsh.run(sftp, 60);
            assertEquals(0, t.exit(), t.stdout() + t.stderr());
            assertTrue(t.stdout().contains("Remote working directory: " + u.home()), t.stdout());
            assertTrue(t.stderr().contains("Permission denied"), "the kernel refuses /root to the account: " + t.stderr());
            assertEquals(u.uid(), (int) Files.getAttribute(u.home().resolve("mine.txt"), "unix:uid"));
            assertTrue(!Files.exists(Path.of("/root/not-yours")));
        }
    }

    @Test
    void hostKeysAreGeneratedOnceAndReused() throws Exception {
        List<String> first;
        try (Running s = start("--passwords", Files.writeString(dir.resolve("pw"), "alice:secret\n").toString())) {
            first = s.lines().stream().filter(l -> l.startsWith("host key ")).toList();
        }
        assertEquals(3, first.size(), first.toString());
        try (Running s = start("--passwords", dir.resolve("pw").toString())) {
            assertEquals(first, s.lines().stream().filter(l -> l.startsWith("host key ")).toList());
        }
        assertTrue(Files.exists(dir.resolve("data/ssh_host_ed25519_key")));
    }

    @Test
    void withoutAuthorizedKeysTheOneTimePasswordLetsTheUserIn() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        Path sshpass = Path.of("/usr/bin/sshpass");
        OpenSsh.require(sshpass);
        String user = System.getProperty("user.name");
        Path fakeHome = Files.createDirectories(dir.resolve("home"));
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "server", "-p", "0", "--data-dir", dir.resolve("d2").toString(),
                "--sftp-root", fakeHome.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + fakeHome); // no ~/.ssh/authorized_keys there
        Process p = pb.start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String password = null;
            int port = -1;
            for (String line; port < 0 && (line = r.readLine()) != null; ) {
                if (line.contains("one-time password ")) {
                    password = line.substring(line.indexOf("one-time password ") + 18).split(" ")[0];
                }
                if (line.startsWith("listening on ")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
                }
            }
            assertTrue(password != null && port > 0, "password " + password + " port " + port);
            OpenSsh.Result ok = OpenSsh.run(List.of(sshpass.toString(), "-p", password, OpenSsh.SSH.toString(), "-F", "/dev/null",
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PreferredAuthentications=password",
                    "-o", "PubkeyAuthentication=no", "-p", String.valueOf(port), user + "@127.0.0.1", "echo in"), 60);
            assertEquals("in\n", ok.stdout(), ok.stderr());
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingAuthorizedKeysFileIsOneActionableLine() throws Exception {
        Path missing = dir.resolve("missing_keys");
        OpenSsh.Result r = OpenSsh.run(List.of(LAUNCHER.toString(), "server", "-p", "0", "--data-dir", dir.resolve("d").toString(),
                "--authorized-keys", missing.toString()), 120);
        assertEquals(1, r.exit());
        assertEquals("sshwire: authorized keys file " + missing + " does not exist", r.stderr().strip());
    }
}
