package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.connection.server.UserAccount;
import org.sshwire.connection.server.UserAccounts;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.ThrowawayUser;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * The same OpenSSH client requests against this machine's sshd and against sshwire, logged in as
 * one throwaway account, and what each session sees compared: id, pwd, the environment, $0,
 * the terminal, exit statuses and signals. The only differences allowed are listed in
 * {@link #KNOWN_DIFFERENCES}, each with its reason.
 */
class SessionSideBySideTest {
    /** Probe name → why sshwire differs there. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "last login line", "sshd records each login in utmp, wtmp and lastlog and shows the last one; sshwire keeps no"
                    + " login records yet (no OS tool writes them without native code), so `who` and `last` do not list"
                    + " its sessions either");

    static Path dir;
    static ThrowawayUser user;
    static Path key;
    static Process sshd;
    static int sshdPort;
    static OpenSsh.SshdConfig sshdConfig;
    static SshServer sshwire;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSHD);
        dir = Files.createTempDirectory("sshwire-side-by-side-");
        user = ThrowawayUser.create();
        key = dir.resolve("id");
        OpenSsh.Result g = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30);
        assertEquals(0, g.exit(), g.stderr());
        Path ssh = Files.createDirectory(user.home().resolve(".ssh"));
        Files.copy(dir.resolve("id.pub"), ssh.resolve("authorized_keys"));
        ThrowawayUser.run("chown", "-R", user.name() + ":" + user.name(), ssh.toString());
        ThrowawayUser.run("chmod", "700", ssh.toString());
        ThrowawayUser.run("chmod", "600", ssh.resolve("authorized_keys").toString());

        // sshd as Debian ships it where it matters here: the default AuthorizedKeysFile, StrictModes,
        // AcceptEnv LANG LC_*; no PAM (a test cannot rely on the machine's PAM stack).
        Path sshdDir = Files.createDirectory(dir.resolve("sshd"));
        sshdConfig = new OpenSsh.SshdConfig(sshdDir, List.of("AuthorizedKeysFile .ssh/authorized_keys", "StrictModes yes",
                "AcceptEnv LANG LC_*"));
        sshdPort = freePort();
        sshd = sshdConfig.startListening(sshdPort);
        awaitListening(sshdPort);

        CryptoBackend crypto = CryptoBackend.defaultBackend();
        UserAccounts accounts = UserAccounts.system();
        sshwire = SshServer.builder().listen("127.0.0.1", 0)
                .accounts(accounts)
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(
                        u -> accounts.lookup(u).map(UserAccount::home).map(h -> h.resolve(".ssh/authorized_keys")).orElse(null),
                        crypto)).build())
                .handler(new ProcessHandler())
                .build().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (sshwire != null) {
            sshwire.close();
        }
        if (sshd != null) {
            sshd.destroy();
        }
        if (user != null) {
            user.close();
        }
        if (dir != null) {
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("sshd did not listen on " + port + ": " + sshdConfig.log("sshd.log"));
    }

    /**
     * One client request: ssh's options and remote command, its stdin, and what to keep of the
     * output. A setup probe only prepares the account's files for the next ones: it runs once,
     * against sshd, and is not compared (its own output would depend on which server ran first).
     */
    record Probe(String name, List<String> options, String command, String stdin, UnaryOperator<String> keep, boolean setup) {
        Probe(String name, List<String> options, String command, String stdin, UnaryOperator<String> keep) {
            this(name, options, command, stdin, keep, false);
        }
    }

    private static OpenSsh.Result run(Probe p, int port) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", key.toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", "-p", Integer.toString(port)));
        cmd.addAll(p.options());
        cmd.add(user.name() + "@127.0.0.1");
        if (p.command() != null) {
            cmd.add(p.command());
        }
        return OpenSsh.run(cmd, p.stdin() == null ? null : p.stdin().getBytes(StandardCharsets.UTF_8), 60);
    }

    /** Ports and pty numbers differ between any two sessions; carriage returns come from the pty. */
    private static String normalize(String s, int serverPort) {
        return s.replace("\r", "").replace("\u001b[?2004h", "").replace("\u001b[?2004l", "").replaceAll("127\\.0\\.0\\.1 \\d+ " + serverPort, "127.0.0.1 CLIENTPORT SERVERPORT")
                .replaceAll("127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 " + serverPort, "127.0.0.1 CLIENTPORT 127.0.0.1 SERVERPORT")
                .replaceAll("/dev/pts/\\d+", "/dev/pts/N");
    }

    private static String lines(String s, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n")) {
            if (line.startsWith(prefix)) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    static final String LOGIN_SHELL_INPUT = "echo \"0=$0\"; shopt -q login_shell && echo login=yes; echo \"pwd=$(pwd)\"; exit 4\n";

    /** A login shell's transcript without terminal control codes, echoed input, prompts and blank lines. */
    private static String shellOutput(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.replaceAll("\u001b\\][^\u0007]*\u0007", "").replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").split("\n")) {
            if (!line.isBlank() && !line.contains("echo \"0=$0\"") && !line.startsWith("Last login:")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    static List<Probe> probes() {
        String session = "id; pwd; echo \"0=$0\"; env | sort; tty; echo \"ssh_tty=$SSH_TTY\"; umask; ulimit -n;"
                + " [ \"$(ps -o sid= -p $$ | tr -d ' ')\" = \"$$\" ] && echo session-leader || echo not-session-leader";
        UnaryOperator<String> all = UnaryOperator.identity();
        return List.of(
                new Probe("exec", List.of("-T"), session, null, all),
                new Probe("exec with env", List.of("-T", "-o", "SetEnv=LANG=C.UTF-8 LC_TIME=C LD_PRELOAD=/x BASH_ENV=/y FOO=bar"),
                        "env | sort", null, all),
                new Probe("exit 130", List.of("-T"), "echo out; echo err >&2; exit 130", null, all),
                new Probe("killed by TERM", List.of("-T"), "echo before; kill -TERM $$", null, all),
                new Probe("killed by KILL", List.of("-T"), "kill -KILL $$", null, all),
                new Probe("exec on a pty", List.of("-tt"), "tty; echo \"ssh_tty=$SSH_TTY term=$TERM 0=$0\"; stat -c '%U %G %a' $(tty); "
                        + "env | sort; exit 3", null, all),
                // What the shell printed, not how readline echoed input that came before its prompt
                // (a race in any terminal session); the motd is in both transcripts.
                new Probe("login shell", List.of("-tt"), null, LOGIN_SHELL_INPUT, SessionSideBySideTest::shellOutput),
                new Probe("last login line", List.of("-tt"), null, LOGIN_SHELL_INPUT, s -> lines(s, "Last login:")),
                new Probe("hushlogin", List.of("-T"), "touch .hushlogin", null, all, true),
                new Probe("login shell with .hushlogin", List.of("-tt"), null, LOGIN_SHELL_INPUT, SessionSideBySideTest::shellOutput),
                new Probe("hushlogin removed", List.of("-T"), "rm -f .hushlogin", null, all, true),
                new Probe("stdin to a command", List.of("-T"), "read a; read b; echo \"$b $a\"", "one\ntwo\n", all),
                new Probe("user rc written", List.of("-T"), "echo 'echo rc ran as $USER in $(pwd)' > .ssh/rc", null, all, true),
                new Probe("user rc", List.of("-T"), "echo command", null, all),
                new Probe("user rc on a pty", List.of("-tt"), "echo command", null, all),
                new Probe("user rc removed", List.of("-T"), "rm -f .ssh/rc", null, all, true),
                new Probe("subsystem that does not exist", List.of("-T", "-s"), "no-such-subsystem", null, all));
    }

    @Test
    void whatTheSessionSeesIsSshdsExceptTheListedDifferences() {
        Map<String, String> differences = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        for (Probe p : probes()) {
            if (p.setup()) {
                OpenSsh.Result r = run(p, sshdPort);
                assertEquals(0, r.exit(), p.name() + ": " + r.stderr());
                continue;
            }
            OpenSsh.Result a = run(p, sshdPort);
            OpenSsh.Result b = run(p, sshwire.port());
            String sshdSaw = "exit " + a.exit() + "\n" + p.keep().apply(normalize(a.stdout(), sshdPort)) + "stderr:\n"
                    + normalize(a.stderr(), sshdPort);
            String oursSaw = "exit " + b.exit() + "\n" + p.keep().apply(normalize(b.stdout(), sshwire.port())) + "stderr:\n"
                    + normalize(b.stderr(), sshwire.port());
            report.append("== ").append(p.name()).append('\n').append(sshdSaw).append('\n');
            if (!sshdSaw.equals(oursSaw)) {
                differences.put(p.name(), "sshd:\n" + sshdSaw + "\nsshwire:\n" + oursSaw);
            }
        }
        System.out.println(report);
        assertEquals(KNOWN_DIFFERENCES.keySet(), differences.keySet(), differences.toString());
        assertTrue(report.indexOf("uid=" + user.uid()) >= 0, report.toString());
    }
}
