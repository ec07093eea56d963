package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.DisconnectReason;

/** Our client against our server in memory: every method, partial success, banners, trivial success. */
class AuthenticationMethodsTest {

    static ServerAuthConfig.Builder server() {
        return ServerAuthConfig.builder();
    }

    static Decision acceptKey(ServerAuthEvent.Question q, SshKeyPair key) {
        if (q instanceof ServerAuthEvent.PublicKeyQuery k) {
            return k.key().equals(key.publicKey()) ? Decision.accept() : Decision.reject();
        }
        if (q instanceof ServerAuthEvent.PublicKeyVerified k) {
            return k.key().equals(key.publicKey()) ? Decision.accept() : Decision.reject();
        }
        return Decision.reject();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void publicKeyOfEachTypeLogsInAndTheServerNamesTheKeyThatSigned(String type) {
        SshKeyPair key = switch (type) {
            case "ed25519" -> TestKeys.ED25519;
            case "ecdsa" -> TestKeys.ECDSA;
            default -> TestKeys.RSA;
        };
        AuthPair p = new AuthPair(server().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519_B, TestKeys.C)).identity(Identity.of(key, TestKeys.C)).build())
                .answers(q -> acceptKey(q, key)).run();
        ServerAuthEvent.Authenticated ok = p.serverAuth.result();
        assertNotNull(ok, () -> p.serverEvents.toString());
        assertEquals(key.publicKey(), ok.key());
        assertEquals("alice", ok.user());
        assertEquals(List.of("publickey"), ok.methods());
        ClientAuthEvent.Authenticated c = p.clientEvents(ClientAuthEvent.Authenticated.class).get(0);
        assertEquals(key.publicKey(), c.key());
        if (type.equals("rsa")) {
            assertEquals("rsa-sha2-512", c.algorithm(), "first rsa-sha2 algorithm in our server-sig-algs");
        }
        assertTrue(p.clientAuth.isAuthenticated());
        assertNull(p.serverDisconnect());
    }

    /**
     * ssh-rsa (SHA-1) user signatures: refused by default, accepted once the server names it in
     * its accepted algorithms (sshd's PubkeyAcceptedAlgorithms +ssh-rsa), and used by a client that
     * names it in its own list.
     */
    @Test
    void sshRsaSignaturesWorkOnlyWhenBothSidesNameThem() {
        List<String> plusSshRsa = new java.util.ArrayList<>(org.sshwire.transport.TransportConfig.DEFAULT_CLIENT_HOST_KEY_ALGORITHMS);
        plusSshRsa.add("ssh-rsa");
        // The server announces what it accepts in server-sig-algs (RFC 8308 §3.1), as sshwire server does.
        org.sshwire.transport.TransportConfig.Builder transport = org.sshwire.transport.TransportConfig
                .server(List.of(AuthPair.HOST_KEY)).serverSigAlgs(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));
        java.util.function.Function<ServerAuthConfig.Builder, AuthPair> run = s -> new AuthPair(s.build(),
                ClientAuthConfig.builder("erin").identity(Identity.of(TestKeys.RSA, TestKeys.C))
                        .publicKeyAlgorithms(List.of("ssh-rsa")).build(), transport)
                .answers(q -> acceptKey(q, TestKeys.RSA)).run();
        assertNull(run.apply(server()).serverAuth.result(), "not by default");
        AuthPair p = run.apply(server().publicKeyAlgorithms(plusSshRsa));
        assertNotNull(p.serverAuth.result(), () -> p.serverEvents.toString());
        assertEquals("ssh-rsa", p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).algorithm());
        assertEquals("rsa-sha2-256", ClientSignatureAlgorithms.choose(TestKeys.RSA.publicKey(), null, false,
                List.of("rsa-sha2-256", "ssh-ed25519")).name(), "the client's own list limits its choice");
    }

    @Test
    void rsaSigningFollowsServerSigAlgs() {
        assertEquals("rsa-sha2-256", ClientSignatureAlgorithms.choose(TestKeys.RSA.publicKey(),
                List.of("ssh-ed25519", "rsa-sha2-256"), false).name());
        assertEquals("rsa-sha2-512", ClientSignatureAlgorithms.choose(TestKeys.RSA.publicKey(),
                List.of("rsa-sha2-256", "rsa-sha2-512"), false).name());
        assertNull(ClientSignatureAlgorithms.choose(TestKeys.RSA.publicKey(), List.of("ssh-rsa"), false));
        assertEquals("ssh-rsa", ClientSignatureAlgorithms.choose(TestKeys.RSA.publicKey(), List.of("ssh-rsa"), true).name());
        assertEquals("ssh-ed25519", ClientSignatureAlgorithms.choose(TestKeys.ED25519.publicKey(), List.of("rsa-sha2-256"), false).name());
    }

    @Test
    void passwordLogsInAndAWrongOneFailsNamingTriedAndAllowedMethods() {
        PasswordTable table = PasswordTable.of(java.util.Map.of("bob", "hunter2"), TestKeys.C);
        ServerAuthPolicy policy = ServerAuthPolicy.builder().passwords(table::matches).build();
        AuthPair good = new AuthPair(server().build(), ClientAuthConfig.builder("bob").methods(List.of("password")).password("hunter2").build())
                .answers(q -> policy.decide(q, null)).run();
        assertEquals(List.of("password"), good.serverAuth.result().methods());

        AuthPair bad = new AuthPair(server().methods(List.of("publickey", "password")).build(),
                ClientAuthConfig.builder("bob").password("wrong").build()).answers(q -> policy.decide(q, null)).run();
        ClientAuthEvent.Failed f = bad.clientEvents(ClientAuthEvent.Failed.class).get(0);
        assertEquals(List.of("none", "password"), f.error().tried());
        assertEquals(List.of("publickey", "password"), f.error().allowedByServer());
        assertTrue(f.error().getMessage().contains("tried [none, password]"), f.error().getMessage());
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, bad.serverDisconnect().reason());
        assertNull(bad.serverAuth.result());
    }

    @Test
    void passwordAskedAsAnEventAndPasswordChangeRequestFlow() {
        AuthPair p = new AuthPair(server().methods(List.of("password")).build(), ClientAuthConfig.builder("carol").build());
        p.clientAnswers = e -> e instanceof ClientAuthEvent.PasswordNeeded ? "old"
                : e instanceof ClientAuthEvent.PasswordChangeNeeded ? "new" : null;
        p.answers(q -> {
            ServerAuthEvent.PasswordCheck c = (ServerAuthEvent.PasswordCheck) q;
            if (c.newPassword() == null) {
                return new Decision.ChangePassword("Your password has expired");
            }
            return c.password().equals("old") && c.newPassword().equals("new") ? Decision.accept() : Decision.reject();
        }).run();
        assertEquals("Your password has expired", p.clientEvents(ClientAuthEvent.PasswordChangeNeeded.class).get(0).prompt());
        assertTrue(p.serverAuth.isAuthenticated());
    }

    @Test
    void keyboardInteractiveRunsSeveralRoundsWithEchoFlags() {
        List<AuthMessage.Prompt> round1 = List.of(new AuthMessage.Prompt("User code: ", true), new AuthMessage.Prompt("PIN: ", false));
        List<AuthMessage.Prompt> round2 = List.of(new AuthMessage.Prompt("OTP: ", false));
        AuthPair p = new AuthPair(server().methods(List.of("keyboard-interactive")).build(), ClientAuthConfig.builder("dave").build());
        p.clientAnswers = e -> {
            if (e instanceof ClientAuthEvent.InfoRequested r) {
                return r.prompts().size() == 2 ? List.of("u1", "1234") : List.of("999999");
            }
            return null;
        };
        p.answers(q -> {
            if (q instanceof ServerAuthEvent.KeyboardInteractiveStart) {
                return Decision.challenge("Login", "Two rounds", round1);
            }
            List<String> r = ((ServerAuthEvent.KeyboardInteractiveResponses) q).responses();
            if (r.equals(List.of("u1", "1234"))) {
                return Decision.challenge("", "", round2);
            }
            return r.equals(List.of("999999")) ? Decision.accept() : Decision.reject();
        }).run();
        List<ClientAuthEvent.InfoRequested> asked = p.clientEvents(ClientAuthEvent.InfoRequested.class);
        assertEquals(round1, asked.get(0).prompts());
        assertEquals("Login", asked.get(0).name());
        assertEquals(round2, asked.get(1).prompts());
        assertTrue(p.serverAuth.isAuthenticated());
        assertEquals(List.of("keyboard-interactive"), p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).methods());
    }

    /** A keyboard-interactive server whose rounds are {@code rounds}, accepting when the answers are {@code good}. */
    static java.util.function.Function<ServerAuthEvent.Question, Decision> promptsThenCheck(List<AuthMessage.Prompt> prompt,
                                                                                         List<String> good, List<List<String>> answersSeen) {
        return q -> {
            if (q instanceof ServerAuthEvent.KeyboardInteractiveStart) {
                return Decision.challenge("", "", prompt);
            }
            if (q instanceof ServerAuthEvent.KeyboardInteractiveResponses r) {
                answersSeen.add(r.responses());
                return r.responses().equals(good) ? Decision.accept() : Decision.challenge("", "", prompt);
            }
            return Decision.reject();
        };
    }

    @Test
    void aConfiguredPasswordAnswersAKeyboardInteractivePasswordPromptWithoutAsking() {
        // PAM's prompt, as sshd sends it with UsePAM yes (and our SshServer's default).
        List<AuthMessage.Prompt> pam = List.of(new AuthMessage.Prompt("Password: ", false));
        List<List<String>> seen = new java.util.ArrayList<>();
        AuthPair p = new AuthPair(server().methods(List.of("keyboard-interactive")).build(),
                ClientAuthConfig.builder("kim").password("s3cret").build());
        p.answers(promptsThenCheck(pam, List.of("s3cret"), seen)).run();
        assertTrue(p.clientAuth.isAuthenticated());
        assertEquals(List.of(List.of("s3cret")), seen);
        assertEquals(List.of(), p.clientEvents(ClientAuthEvent.InfoRequested.class), "nobody was asked");
        assertEquals(List.of("keyboard-interactive"), p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).methods());
    }

    @Test
    void theConfiguredPasswordIsGivenToOnePasswordPromptOnlyAndNeverToOtherPrompts() {
        // Echoed, not about the password, for a new one, or several: the application is asked (InfoRequested).
        for (List<AuthMessage.Prompt> prompts : List.of(List.of(new AuthMessage.Prompt("Password: ", true)),
                List.of(new AuthMessage.Prompt("Verification code: ", false)),
                List.of(new AuthMessage.Prompt("New password: ", false)),
                List.of(new AuthMessage.Prompt("Password: ", false), new AuthMessage.Prompt("OTP: ", false)))) {
            List<List<String>> seen = new java.util.ArrayList<>();
            AuthPair p = new AuthPair(server().methods(List.of("keyboard-interactive")).build(),
                    ClientAuthConfig.builder("kim").password("s3cret").build());
            p.answers(promptsThenCheck(prompts, List.of("never"), seen)).run();
            assertEquals(List.of(), seen, prompts.toString());
            assertEquals(prompts, p.clientEvents(ClientAuthEvent.InfoRequested.class).get(0).prompts());
        }
        // A second password prompt (the first answer was wrong) is not answered with the same password again.
        List<AuthMessage.Prompt> pam = List.of(new AuthMessage.Prompt("Password: ", false));
        List<List<String>> seen = new java.util.ArrayList<>();
        AuthPair p = new AuthPair(server().methods(List.of("keyboard-interactive")).build(),
                ClientAuthConfig.builder("kim").password("wrong").build());
        p.answers(promptsThenCheck(pam, List.of("s3cret"), seen)).run();
        assertEquals(List.of(List.of("wrong")), seen);
        assertEquals(1, p.clientEvents(ClientAuthEvent.InfoRequested.class).size());
        assertFalse(p.clientAuth.isAuthenticated());
    }

    @Test
    void hostBasedLogsInWithTheHostKeyAndClaimedNames() {
        SshKeyPair hostKey = TestKeys.ECDSA;
        AuthPair p = new AuthPair(server().methods(List.of("hostbased")).build(), ClientAuthConfig.builder("erin")
                .methods(List.of("hostbased")).hostBased(Identity.of(hostKey, TestKeys.C), "client.example", "erin").build());
        p.answers(q -> q instanceof ServerAuthEvent.HostBasedVerified h && h.hostKey().equals(hostKey.publicKey())
                && h.clientHost().equals("client.example") && h.clientUser().equals("erin") ? Decision.accept() : Decision.reject()).run();
        assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
    }

    @Test
    void partialSuccessRequiresPublicKeyThenPasswordAndCarriesMergedPermissions() {
        ServerAuthConfig cfg = server().requiredMethods(u -> List.of(List.of("publickey", "password"))).build();
        AuthPair p = new AuthPair(cfg, ClientAuthConfig.builder("frank").identity(Identity.of(TestKeys.ED25519, TestKeys.C))
                .password("pw").build());
        Permissions keyPerms = Permissions.DEFAULT.withCriticalOption(Permissions.FORCE_COMMAND, "uptime");
        p.answers(q -> {
            if (q instanceof ServerAuthEvent.PasswordCheck c) {
                return c.password().equals("pw") ? Decision.accept(Permissions.DEFAULT) : Decision.reject();
            }
            return acceptKey(q, TestKeys.ED25519) instanceof Decision.Accept ? Decision.accept(keyPerms) : Decision.reject();
        }).run();
        assertEquals(List.of("password"), p.serverEvents(ServerAuthEvent.PartialSuccess.class).get(0).remaining());
        assertEquals(List.of("password"), p.clientEvents(ClientAuthEvent.PartialSuccess.class).get(0).canContinue());
        ServerAuthEvent.Authenticated ok = p.serverAuth.result();
        assertEquals(List.of("publickey", "password"), ok.methods());
        assertEquals(TestKeys.ED25519.publicKey(), ok.key());
        assertEquals("uptime", ok.permissions().forceCommand().orElseThrow());
        assertEquals(List.of("publickey", "password"), p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).methods());
    }

    @Test
    void passwordAloneIsNotEnoughWhenTheChainStartsWithPublicKey() {
        ServerAuthConfig cfg = server().requiredMethods(u -> List.of(List.of("publickey", "password"))).build();
        AuthPair p = new AuthPair(cfg, ClientAuthConfig.builder("frank").password("pw").build())
                .answers(q -> Decision.accept()).run();
        assertFalse(p.serverAuth.isAuthenticated());
        assertEquals(List.of("publickey"), p.clientEvents(ClientAuthEvent.Failed.class).get(0).error().allowedByServer());
        assertTrue(p.serverEvents(ServerAuthEvent.PasswordCheck.class).isEmpty(), "password never asked: not allowed yet");
    }

    @Test
    void bannerReachesTheClient() {
        AuthPair p = new AuthPair(server().banner("Authorised use only\n").build(), ClientAuthConfig.builder("g").password("x").build())
                .answers(q -> Decision.accept()).run();
        assertEquals("Authorised use only\n", p.clientEvents(ClientAuthEvent.Banner.class).get(0).message());
        assertTrue(p.clientAuth.isAuthenticated());
    }

    @Test
    void trivialSuccessAfterNoneIsRefusedWhenAsked() {
        ServerAuthConfig permissive = server().methods(List.of("none", "publickey")).build();
        AuthPair refused = new AuthPair(permissive, ClientAuthConfig.builder("h").identity(Identity.of(TestKeys.ED25519, TestKeys.C))
                .refuseTrivialSuccess(true).build()).run();
        assertFalse(refused.clientAuth.isAuthenticated());
        assertEquals(DisconnectReason.AUTH_CANCELLED_BY_USER, refused.clientDisconnect().reason());

        AuthPair accepted = new AuthPair(permissive, ClientAuthConfig.builder("h").build()).run();
        assertTrue(accepted.clientAuth.isAuthenticated());
        assertEquals(List.of("none"), accepted.clientEvents(ClientAuthEvent.Authenticated.class).get(0).methods());
    }

    @Test
    void trivialSuccessAfterEmptyKeyboardInteractiveIsRefusedWhenAsked() {
        AuthPair p = new AuthPair(server().methods(List.of("keyboard-interactive")).build(),
                ClientAuthConfig.builder("i").refuseTrivialSuccess(true).build());
        p.answers(q -> q instanceof ServerAuthEvent.KeyboardInteractiveStart ? Decision.challenge("", "", List.of()) : Decision.accept()).run();
        assertFalse(p.clientAuth.isAuthenticated());
        assertEquals(DisconnectReason.AUTH_CANCELLED_BY_USER, p.clientDisconnect().reason());
    }

    @Test
    void connectionMessagesReachTheLayerAboveOnlyAfterSuccess() {
        AuthPair p = new AuthPair(server().build(), ClientAuthConfig.builder("j").password("x").build())
                .answers(q -> Decision.accept()).run();
        p.client.send(new org.sshwire.transport.wire.Payload(80, new org.sshwire.transport.wire.SshWriter()
                .writeUtf8("keepalive@openssh.com").writeBoolean(true).toBytes()));
        p.pump();
        assertEquals(1, p.serverAbove.size());
        assertEquals(80, p.serverAbove.get(0).msgId());
    }
}
