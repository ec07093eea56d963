package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.TerminalModes;
import org.sshwire.testvectors.ThrowawayUser;

/**
 * As root, a login runs as the OS account it names: uid, groups, home, login shell, a clean
 * environment, files it writes; a name without an account cannot log in at all.
 */
class OsAccountSessionTest {
    private static final String PASSWORD = "correct horse";

    private ThrowawayUser user;
    private SshServer server;

    @BeforeEach
    void start() throws IOException {
        user = ThrowawayUser.create();
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(SshServerClientTest.HOST)
                .auth(ServerAuthPolicy.builder().passwords((u, p) -> p.equals(PASSWORD)).build())
                .accounts(UserAccounts.system())
                .handler(new ProcessHandler())
                .build().start();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (user != null) {
            user.close();
        }
    }

    private SshClient login(String name) throws IOException {
        return SshClient.builder(name).password(PASSWORD).auth(a -> a.methods(java.util.List.of("password")))
                .timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(SshServerClientTest.HOST.publicKey())).connect("127.0.0.1", server.port());
    }

    private static String run(SshClient c, String command) throws Exception {
        ClientSession s = c.exec(command);
        String out = new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(s.stderr().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, s.waitFor(), command + ": " + err);
        return out;
    }

    @Test
    void execRunsAsTheAccountInItsHomeWithItsShell() throws Exception {
        try (SshClient c = login(user.name())) {
            String[] lines = run(c, "id -u; id -g; id -Gn; pwd; echo $0; ps -o sid= -p $$; echo $$").split("\n");
            assertEquals(Integer.toString(user.uid()), lines[0]);
            assertEquals(Integer.toString(user.gid()), lines[1]);
            assertEquals(user.name(), lines[2], "supplementary groups: only the account's own");
            assertEquals(user.home().toString(), lines[3]);
            assertEquals("bash", lines[4], "exec runs $SHELL -c with argv[0] the shell's name, as sshd");
            assertEquals(lines[6].strip(), lines[5].strip(), "the command leads a session of its own (setsid)");
        }
    }

    @Test
    void filesWrittenOverSshBelongToTheAccount() throws Exception {
        try (SshClient c = login(user.name())) {
            run(c, "echo hi > written; umask");
        }
        assertEquals(user.uid(), (int) Files.getAttribute(user.home().resolve("written"), "unix:uid"));
        assertEquals(user.gid(), (int) Files.getAttribute(user.home().resolve("written"), "unix:gid"));
    }

    @Test
    void theEnvironmentIsBuiltFromNothingAsSshdBuildsIt() throws Exception {
        try (SshClient c = login(user.name())) {
            ClientSession s = c.openSession();
            assertTrue(s.setenv("LANG", "C.UTF-8"));
            assertTrue(s.setenv("LC_TIME", "C"));
            for (String refused : new String[] {"LD_PRELOAD", "BASH_ENV", "PATH", "SECRET_TOKEN", "USER"}) {
                assertFalse(s.setenv(refused, "/tmp/evil"), refused + " is not in AcceptEnv");
            }
            s.exec("env");
            Map<String, String> env = parse(new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, s.waitFor());
            // PWD, SHLVL and _ are bash's own.
            assertEquals(new TreeMap<>(Set.of("USER", "LOGNAME", "HOME", "PATH", "MAIL", "SHELL", "SSH_CLIENT",
                    "SSH_CONNECTION", "LANG", "LC_TIME", "PWD", "SHLVL", "_").stream()
                    .collect(Collectors.toMap(k -> k, k -> k))).keySet(),
                    new TreeMap<>(env).keySet().stream().filter(k -> !k.equals("TZ")).collect(Collectors.toCollection(java.util.TreeSet::new)));
            assertEquals(user.name(), env.get("USER"));
            assertEquals(user.name(), env.get("LOGNAME"));
            assertEquals(user.home().toString(), env.get("HOME"));
            assertEquals("/bin/bash", env.get("SHELL"));
            assertEquals("/var/mail/" + user.name(), env.get("MAIL"));
            assertEquals(LoginEnvironment.USER_PATH, env.get("PATH"));
            assertEquals("C.UTF-8", env.get("LANG"));
            String[] client = env.get("SSH_CLIENT").split(" ");
            assertEquals("127.0.0.1", client[0]);
            assertEquals(Integer.toString(server.port()), client[2], "SSH_CLIENT ends with the server's port");
            assertEquals("127.0.0.1 " + client[1] + " 127.0.0.1 " + server.port(), env.get("SSH_CONNECTION"));
        }
    }

    private static Map<String, String> parse(String env) {
        Map<String, String> m = new TreeMap<>();
        for (String line : env.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    @Test
    void exitCodesAboveOneHundredTwentyEightAreExitStatusesAndSignalsAreExitSignals() throws Exception {
        try (SshClient c = login(user.name())) {
            ClientSession exited = c.exec("exit 130");
            assertEquals(130, exited.waitFor());
            assertNull(exited.exitSignal());
            ClientSession killed = c.exec("kill -INT $$; sleep 5");
            assertEquals(-1, killed.waitFor());
            assertEquals("INT", killed.exitSignal());
            ClientSession terminated = c.exec("echo started; exec sleep 30");
            // The signal must reach the command, so wait until it has started (its first line).
            byte[] started = terminated.stdout().readNBytes("started\n".length());
            assertEquals("started\n", new String(started, StandardCharsets.UTF_8));
            terminated.signal("TERM");
            assertEquals(-1, terminated.waitFor());
            assertEquals("TERM", terminated.exitSignal());
        }
    }

    @Test
    void aShellOnAPtyIsALoginShellOnATerminalTheAccountOwns() throws Exception {
        try (SshClient c = login(user.name())) {
            ClientSession s = c.openSession();
            assertTrue(s.requestPty("xterm-256color", 100, 30));
            s.shell();
            SshServerClientTest.PtyReader out = new SshServerClientTest.PtyReader(s.stdout());
            s.stdin().write(("echo \"0=$0\"; echo \"tty=$(tty) ssh_tty=$SSH_TTY term=$TERM\"; stat -c 'owner=%u mode=%a' $(tty);"
                    + " stty size; echo end-$((1+1)); exit 3\n").getBytes(StandardCharsets.UTF_8));
            s.stdin().flush();
            out.awaitText("end-2", Duration.ofSeconds(20));
            assertEquals(3, s.waitFor());
            String text = out.text();
            assertTrue(text.contains("0=-bash"), text);
            assertTrue(text.matches("(?s).*tty=(/dev/pts/\\d+) ssh_tty=\\1 term=xterm-256color.*"), text);
            assertTrue(text.contains("owner=" + user.uid() + " mode=620"), text);
            assertTrue(text.contains("30 100"), text);
        }
    }

    @Test
    void aBreakReachesTheTerminalAsFromASerialLineAndPtyModesAreApplied() throws Exception {
        try (SshClient c = login(user.name())) {
            ClientSession s = c.openSession();
            // ECHO off and VINTR moved to ^B: the terminal must show both.
            TerminalModes modes = new TerminalModes(List.of(new TerminalModes.Mode(TerminalModes.ECHO, 0),
                    new TerminalModes.Mode(TerminalModes.VINTR, 2)));
            assertTrue(s.channel().sendRequest("pty-req", true,
                    new ChannelRequestBody.PtyReq("xterm", 80, 24, 0, 0, modes).toBytes()));
            s.exec("stty -a | grep -o 'intr = [^;]*'; stty -a | grep -ow -- '-echo'; stty -icanon min 1; echo ready-$((1+1));"
                    + " head -c1 | od -An -tx1; stty brkint; trap 'echo got-INT; exit 9' INT; echo armed-$((2+2));"
                    + " while :; do sleep 0.1; done");
            SshServerClientTest.PtyReader out = new SshServerClientTest.PtyReader(s.stdout());
            out.awaitText("ready-2", Duration.ofSeconds(20));
            assertTrue(out.text().contains("intr = ^B"), out.text());
            assertTrue(out.text().contains("-echo"), out.text());
            // A fresh pty has no BRKINT (Linux's tty_std_termios): the break reads as a NUL byte.
            assertTrue(s.channel().sendRequest("break", true, new ChannelRequestBody.Break(300).toBytes()));
            out.awaitText(" 00", Duration.ofSeconds(20));
            out.awaitText("armed-4", Duration.ofSeconds(20));
            assertTrue(s.channel().sendRequest("break", true, new ChannelRequestBody.Break(300).toBytes()));
            out.awaitText("got-INT", Duration.ofSeconds(20));
            assertEquals(9, s.waitFor());
        }
    }

    @Test
    void aBreakWithoutATerminalIsRefused() throws Exception {
        try (SshClient c = login(user.name())) {
            ClientSession s = c.exec("sleep 2");
            assertFalse(s.channel().sendRequest("break", true, new ChannelRequestBody.Break(300).toBytes()));
            assertEquals(0, s.waitFor());
        }
    }

    @Test
    void onlyRootListensOnPrivilegedPortsAndUnixSocketForwardsAreRootsOnly() throws Exception {
        server.close();
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(SshServerClientTest.HOST)
                .auth(ServerAuthPolicy.builder().passwords((u, p) -> p.equals(PASSWORD)).build())
                .accounts(UserAccounts.system()).handler(new ProcessHandler())
                .forwarding(ForwardingPolicy.loopbackOnly().withStreamLocal((c, p) -> true, (c, p) -> true))
                .build().start();
        try (SshClient c = login(user.name())) {
            // sshd: "if (listen_port != 0 && listen_port < IPPORT_RESERVED && pw->pw_uid != 0)" refuses.
            assertThrows(IOException.class, () -> c.remoteForward("127.0.0.1", 1023, "127.0.0.1", 22));
            assertTrue(c.remoteForward("127.0.0.1", 0, "127.0.0.1", 22).boundPort() > 1023, "an unprivileged port is the account's to take");
            Path socket = user.home().resolve("fwd.sock");
            assertThrows(IOException.class, () -> c.remoteStreamForward(socket.toString(), user.home().resolve("local.sock")));
            assertFalse(Files.exists(socket), "no socket made as root on the account's behalf");
        }
    }

    @Test
    void aNameWithoutAnAccountCannotLogInEvenWithTheRightPassword() {
        IOException e = assertThrows(IOException.class, () -> login("nosuchuser" + user.name()).close());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        assertThrows(IOException.class, () -> login("0").close(), "a uid is not a login name");
    }

    @Test
    void anExpiredAccountCannotLogIn() throws Exception {
        ThrowawayUser.run("usermod", "--expiredate", "1970-01-02", user.name());
        assertThrows(IOException.class, () -> login(user.name()).close());
        ThrowawayUser.run("usermod", "--expiredate", "", user.name());
        login(user.name()).close();
    }

    @Test
    void aPolicyThatThrowsDeniesTheLogin() throws Exception {
        server.close();
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(SshServerClientTest.HOST)
                .auth(ServerAuthPolicy.builder().passwords((u, p) -> {
                    throw new AssertionError("verifier bug");
                }).build())
                .accounts(UserAccounts.system()).handler(new ProcessHandler()).build().start();
        assertThrows(IOException.class, () -> login(user.name()).close());
    }

    @Test
    void aLoginShellOfNologinRunsAndEndsAsSshdRunsIt() throws Exception {
        try (ThrowawayUser locked = ThrowawayUser.create("/usr/sbin/nologin"); SshClient c = login(locked.name())) {
            ClientSession s = c.exec("id");
            String out = new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, s.waitFor());
            assertEquals("This account is currently not available.\n", out);
        }
    }
}
