package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthenticationException;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.ThrowawayUser;

/**
 * {@code SshClient.builder(user).password(pw)} against this machine's sshd (OpenSSH 9.2, built
 * with PAM) over {@code sshd -i}. With {@code UsePAM yes} and {@code KbdInteractiveAuthentication
 * yes} sshd offers keyboard-interactive and PAM asks "Password: "; without PAM sshd still lists
 * keyboard-interactive but has no device to run it, and refuses it at once.
 */
class SshClientKeyboardInteractiveInteropTest {
    static final Duration LOGIN = Duration.ofSeconds(30);
    static final String PASSWORD = "Tr0ub4dor-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    static ThrowawayUser user;
    static OpenSsh.SshdConfig pamKeyboardInteractive;
    static OpenSsh.SshdConfig noPam;

    @BeforeAll
    static void setUp() throws IOException {
        OpenSsh.require(OpenSsh.SSHD);
        user = ThrowawayUser.create("/bin/sh");
        OpenSsh.Result set = OpenSsh.run(List.of("chpasswd"), (user.name() + ":" + PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), 30);
        assertEquals(0, set.exit(), set.stderr());
        pamKeyboardInteractive = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("pam")), List.of("UsePAM yes",
                "KbdInteractiveAuthentication yes", "PasswordAuthentication no", "PubkeyAuthentication no"));
        noPam = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("nopam")), List.of("UsePAM no",
                "KbdInteractiveAuthentication yes", "PasswordAuthentication yes", "PubkeyAuthentication no"));
    }

    @AfterAll
    static void removeUser() throws IOException {
        if (user != null) {
            user.close();
        }
    }

    static SshClient connect(OpenSsh.SshdConfig sshd, Process p, SshClient.Builder b) throws IOException {
        try {
            return b.timeout(LOGIN).hostKeyVerifier(HostKeyVerifier.acceptAny())
                    .connect(p.getInputStream(), p.getOutputStream(), "sshd-i");
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\nsshd:\n" + sshd.log("sshd-i.log"), e);
        }
    }

    static String whoami(SshClient c) throws IOException, InterruptedException {
        ClientSession s = c.exec("id -un");
        String out = new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, s.waitFor());
        return out;
    }

    @Test
    void aPasswordAloneLogsInThroughPamsKeyboardInteractivePrompt() throws Exception {
        Process p = pamKeyboardInteractive.startInetd();
        try (SshClient c = connect(pamKeyboardInteractive, p, SshClient.builder(user.name()).password(PASSWORD))) {
            assertEquals(user.name(), whoami(c));
        } finally {
            p.destroy();
        }
        String log = pamKeyboardInteractive.log("sshd-i.log");
        assertTrue(log.contains("Accepted keyboard-interactive/pam for " + user.name()), log);
    }

    @Test
    void theChallengeCallbackSeesPamsPromptWhenNoPasswordIsConfigured() throws Exception {
        List<String> prompts = new CopyOnWriteArrayList<>();
        Process p = pamKeyboardInteractive.startInetd();
        try (SshClient c = connect(pamKeyboardInteractive, p, SshClient.builder(user.name()).keyboardInteractive((n, i, ps) -> {
            ps.forEach(q -> prompts.add(q.text() + (q.echo() ? " (echo)" : "")));
            return List.of(PASSWORD);
        }))) {
            assertEquals(user.name(), whoami(c));
        } finally {
            p.destroy();
        }
        assertEquals(List.of("Password: "), prompts);
    }

    @Test
    void aWrongPasswordFailsCleanlyInsteadOfWaitingForTheTimeout() throws Exception {
        Process p = pamKeyboardInteractive.startInetd();
        try {
            IOException e = assertThrows(IOException.class, () -> SshClient.builder(user.name()).password("not-" + PASSWORD)
                    .timeout(LOGIN).hostKeyVerifier(HostKeyVerifier.acceptAny())
                    .connect(p.getInputStream(), p.getOutputStream(), "sshd-i"));
            AuthenticationException a = assertInstanceOf(AuthenticationException.class, e.getCause(), () -> "got " + e);
            assertTrue(a.tried().contains("keyboard-interactive"), a.getMessage());
        } finally {
            p.destroy();
        }
    }

    @Test
    void withoutPamKeyboardInteractiveIsRefusedAndThePasswordMethodLogsIn() throws Exception {
        Process p = noPam.startInetd();
        try (SshClient c = connect(noPam, p, SshClient.builder(user.name()).password(PASSWORD))) {
            assertEquals(user.name(), whoami(c));
        } finally {
            p.destroy();
        }
        String log = noPam.log("sshd-i.log");
        assertTrue(log.contains("Accepted password for " + user.name()), log);
    }
}
