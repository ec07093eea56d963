package org.sshwire.connection.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.AuthMessage;
import org.sshwire.auth.AuthenticationException;
import org.sshwire.auth.Decision;
import org.sshwire.auth.PasswordTable;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * SshClient's answers to keyboard-interactive (RFC 4256) against our SshServer over loopback: a
 * configured password answers a password prompt, a challenge callback answers the rest, and a
 * round nobody can answer ends that method instead of stalling the login.
 */
class ClientKeyboardInteractiveTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final PasswordTable PASSWORDS = PasswordTable.of(Map.of("alice", "correct horse"), C);
    /** Bounds each login; a stalled login shows up as "no login within", never as a hung test. */
    static final Duration LOGIN = Duration.ofSeconds(20);

    SshServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    SshServer start(List<String> methods, ServerAuthPolicy policy) throws IOException {
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(HOST)
                .authConfig(ServerAuthConfig.builder().methods(methods).build()).auth(policy)
                .handler(s -> s.exit(0)).build().start();
        return server;
    }

    SshClient.Builder client() {
        return SshClient.builder("alice").timeout(LOGIN).hostKeyVerifier((h, p, k) -> k.equals(HOST.publicKey()));
    }

    /** A keyboard-interactive policy asking {@code prompts} and accepting {@code good}; it records what it saw. */
    static final class Challenge implements ServerAuthPolicy.KeyboardInteractive {
        final String name;
        final String instruction;
        final List<AuthMessage.Prompt> prompts;
        final List<String> good;
        final List<List<String>> answers = new CopyOnWriteArrayList<>();
        volatile int starts;

        Challenge(String name, String instruction, List<AuthMessage.Prompt> prompts, List<String> good) {
            this.name = name;
            this.instruction = instruction;
            this.prompts = prompts;
            this.good = good;
        }

        @Override
        public Decision start(String user, String submethods) {
            starts++;
            return Decision.challenge(name, instruction, prompts);
        }

        @Override
        public Decision responses(String user, List<String> responses) {
            answers.add(responses);
            return responses.equals(good) ? Decision.accept() : Decision.reject("wrong answers");
        }
    }

    @Test
    void aPasswordAloneLogsInThroughTheServersKeyboardInteractivePasswordPrompt() throws Exception {
        // SshServer's default keyboard-interactive: one hidden "Password: " prompt, as PAM's.
        start(List.of("keyboard-interactive"), ServerAuthPolicy.builder().passwords(PASSWORDS::matches).build());
        try (SshClient c = client().password("correct horse").connect("127.0.0.1", server.port())) {
            assertEquals("alice", c.connection().user());
        }
    }

    @Test
    void promptsNobodyAnswersEndKeyboardInteractiveAndTheLoginGoesOnWithPassword() throws Exception {
        Challenge code = new Challenge("", "", List.of(new AuthMessage.Prompt("Verification code: ", true)), List.of("123456"));
        start(List.of("keyboard-interactive", "password"),
                ServerAuthPolicy.builder().keyboardInteractive(code).passwords(PASSWORDS::matches).build());
        try (SshClient c = client().password("correct horse").connect("127.0.0.1", server.port())) {
            assertEquals("alice", c.connection().user());
        }
        assertEquals(1, code.starts, "keyboard-interactive was tried first, once");
        assertEquals(List.of(), code.answers, "and abandoned without an answer");
    }

    @Test
    void aWrongPasswordFailsPromptlyNamingTheMethodsTried() throws Exception {
        start(List.of("keyboard-interactive", "password"), ServerAuthPolicy.builder().passwords(PASSWORDS::matches).build());
        IOException e = assertThrows(IOException.class, () -> client().password("wrong").connect("127.0.0.1", server.port()));
        AuthenticationException a = assertInstanceOf(AuthenticationException.class, e.getCause(), () -> "got " + e);
        assertTrue(a.tried().contains("keyboard-interactive") && a.tried().contains("password"), a.getMessage());
    }

    @Test
    void withNeitherPasswordNorCallbackKeyboardInteractiveIsAbandonedAndTheLoginFailsCleanly() throws Exception {
        start(List.of("keyboard-interactive"), ServerAuthPolicy.builder().passwords(PASSWORDS::matches).build());
        IOException e = assertThrows(IOException.class, () -> client().connect("127.0.0.1", server.port()));
        assertInstanceOf(AuthenticationException.class, e.getCause(), () -> "got " + e);
    }
    @Test
    void theChallengeCallbackSeesNameInstructionAndEchoFlagsAndItsAnswersLogIn() throws Exception {
        List<AuthMessage.Prompt> prompts = List.of(new AuthMessage.Prompt("User code: ", true), new AuthMessage.Prompt("PIN: ", false));
        Challenge twoFactor = new Challenge("Second factor", "Enter both", prompts, List.of("u1", "1234"));
        start(List.of("keyboard-interactive"), ServerAuthPolicy.builder().keyboardInteractive(twoFactor).build());
        List<String> seen = new CopyOnWriteArrayList<>();
        try (SshClient c = client().keyboardInteractive((name, instruction, ps) -> {
            seen.add(name + "|" + instruction + "|" + ps);
            return List.of("u1", "1234");
        }).connect("127.0.0.1", server.port())) {
            assertEquals("alice", c.connection().user());
        }
        assertEquals(List.of("Second factor|Enter both|" + prompts), seen);
        assertEquals(List.of(List.of("u1", "1234")), twoFactor.answers);
    }

    @Test
    void aPasswordPromptGoesToThePasswordAndOtherRoundsToTheCallback() throws Exception {
        // Password, then a one-time code: two rounds of one keyboard-interactive exchange.
        ServerAuthPolicy.KeyboardInteractive passwordThenCode = new ServerAuthPolicy.KeyboardInteractive() {
            @Override
            public Decision start(String user, String submethods) {
                return Decision.challenge("", "", List.of(new AuthMessage.Prompt("Password: ", false)));
            }

            @Override
            public Decision responses(String user, List<String> responses) {
                if (responses.equals(List.of("correct horse"))) {
                    return Decision.challenge("", "", List.of(new AuthMessage.Prompt("Verification code: ", false)));
                }
                return responses.equals(List.of("424242")) ? Decision.accept() : Decision.reject("wrong");
            }
        };
        start(List.of("keyboard-interactive"), ServerAuthPolicy.builder().keyboardInteractive(passwordThenCode).build());
        List<String> asked = new CopyOnWriteArrayList<>();
        try (SshClient c = client().password("correct horse").keyboardInteractive((n, i, ps) -> {
            asked.add(ps.get(0).text());
            return List.of("424242");
        }).connect("127.0.0.1", server.port())) {
            assertEquals("alice", c.connection().user());
        }
        assertEquals(List.of("Verification code: "), asked);
    }

    @Test
    void aCallbackThatGivesUpMovesTheLoginOnToTheNextMethod() throws Exception {
        Challenge code = new Challenge("", "", List.of(new AuthMessage.Prompt("Token: ", false)), List.of("1"));
        start(List.of("keyboard-interactive", "password"),
                ServerAuthPolicy.builder().keyboardInteractive(code).passwords(PASSWORDS::matches).build());
        try (SshClient c = client().password("correct horse").keyboardInteractive((n, i, ps) -> null)
                .connect("127.0.0.1", server.port())) {
            assertEquals("alice", c.connection().user());
        }
        assertEquals(List.of(), code.answers);
    }

    @Test
    void aCallbackThatThrowsOrMiscountsEndsTheLoginWithThatError() throws Exception {
        Challenge code = new Challenge("", "", List.of(new AuthMessage.Prompt("Token: ", false)), List.of("1"));
        start(List.of("keyboard-interactive", "password"),
                ServerAuthPolicy.builder().keyboardInteractive(code).passwords(PASSWORDS::matches).build());
        IOException cancelled = new IOException("user cancelled");
        IOException e = assertThrows(IOException.class, () -> client().keyboardInteractive((n, i, ps) -> {
            throw cancelled;
        }).connect("127.0.0.1", server.port()));
        assertEquals(cancelled, e);
        IOException miscount = assertThrows(IOException.class, () -> client().keyboardInteractive((n, i, ps) -> List.of("1", "2"))
                .connect("127.0.0.1", server.port()));
        assertEquals("the keyboard-interactive callback gave 2 answers to 1 prompts", miscount.getMessage());
        assertEquals(List.of(), code.answers, "nothing was sent for either");
    }
}
