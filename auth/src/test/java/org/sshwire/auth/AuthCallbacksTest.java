package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerAuthPolicy}'s callbacks with the connection's metadata, answering with a
 * {@link Decision}: accept with permissions, reject, or partial success that names the methods
 * still required (Go's {@code PartialSuccessError}, a per-login AuthenticationMethods).
 */
class AuthCallbacksTest {
    private static ConnectionMetadata metadata(AuthPair p) {
        return ConnectionMetadata.of(new InetSocketAddress("192.0.2.7", 50022), new InetSocketAddress("127.0.0.1", 22),
                p.server.connectionInfo());
    }

    /** The pair's server answers with {@code policy}, each question seeing the same connection's metadata. */
    private static AuthPair run(AuthPair p, ServerAuthPolicy policy) {
        ConnectionMetadata[] m = new ConnectionMetadata[1];
        return p.answers(q -> {
            if (m[0] == null) {
                m[0] = metadata(p);
            }
            return policy.decide(m[0], q);
        }).run();
    }

    @Test
    void aPublicKeyCallbackCanAskForAPasswordToo() {
        Permissions keyPerms = Permissions.DEFAULT.withCriticalOption(Permissions.FORCE_COMMAND, "uptime");
        ServerAuthPolicy policy = ServerAuthPolicy.builder()
                .publicKeyCallback((conn, user, key) -> key.equals(TestKeys.ED25519.publicKey())
                        ? Decision.partialSuccess(keyPerms, List.of(AuthMethod.PASSWORD)) : Decision.reject())
                .passwordCallback((conn, user, password) -> password.equals("pw") ? Decision.accept() : Decision.reject())
                .build();
        AuthPair p = run(new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("frank")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).password("pw").queryFirst(true).build()), policy);
        assertEquals(List.of("password"), p.serverEvents(ServerAuthEvent.PartialSuccess.class).get(0).remaining());
        assertEquals(List.of("password"), p.clientEvents(ClientAuthEvent.PartialSuccess.class).get(0).canContinue());
        ServerAuthEvent.Authenticated ok = p.serverAuth.result();
        assertEquals(List.of("publickey", "password"), ok.methods(), () -> p.serverEvents.toString());
        assertEquals(TestKeys.ED25519.publicKey(), ok.key());
        assertEquals("uptime", ok.permissions().forceCommand().orElseThrow(), "the first step's restriction stays");
    }

    @Test
    void withoutTheRequiredSecondStepThereIsNoLogin() {
        ServerAuthPolicy policy = ServerAuthPolicy.builder()
                .publicKeyCallback((conn, user, key) -> Decision.partialSuccess(Permissions.DEFAULT, List.of(AuthMethod.KEYBOARD_INTERACTIVE)))
                .passwordCallback((conn, user, password) -> Decision.accept())
                .build();
        // The client can do publickey and password but not the keyboard-interactive step the
        // callback demands (a client that can answers the password prompt and gets in).
        AuthPair p = run(new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("frank")
                .methods(List.of(AuthMethod.PUBLICKEY, AuthMethod.PASSWORD))
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).password("pw").build()), policy);
        assertFalse(p.serverAuth.isAuthenticated());
        assertEquals(List.of("keyboard-interactive"), p.clientEvents(ClientAuthEvent.PartialSuccess.class).get(0).canContinue());
        assertTrue(p.serverEvents(ServerAuthEvent.PasswordCheck.class).isEmpty(), "password is not among the next methods");
    }

    @Test
    void keyboardInteractiveCallbackKeepsItsRoundsInTheConnectionsValues() {
        ServerAuthPolicy policy = ServerAuthPolicy.builder().keyboardInteractiveCallback(new ServerAuthPolicy.KeyboardInteractiveCallback() {
            @Override
            public Decision start(ConnectionMetadata conn, String user, String submethods) {
                conn.put("round", 1);
                return Decision.challenge("", "from " + conn.remoteAddress().getAddress().getHostAddress(),
                        List.of(new AuthMessage.Prompt("PIN: ", false)));
            }

            @Override
            public Decision responses(ConnectionMetadata conn, String user, List<String> answers) {
                int round = (Integer) conn.get("round");
                conn.put("round", round + 1);
                if (round == 1) {
                    return answers.equals(List.of("1234")) ? Decision.challenge("", "", List.of(new AuthMessage.Prompt("OTP: ", false)))
                            : Decision.reject();
                }
                return answers.equals(List.of("999999")) ? Decision.accept() : Decision.reject();
            }
        }).build();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().methods(List.of("keyboard-interactive")).build(),
                ClientAuthConfig.builder("dave").build());
        p.clientAnswers = e -> e instanceof ClientAuthEvent.InfoRequested r
                ? (r.prompts().get(0).text().startsWith("PIN") ? List.of("1234") : List.of("999999")) : null;
        run(p, policy);
        assertEquals("from 192.0.2.7", p.clientEvents(ClientAuthEvent.InfoRequested.class).get(0).instruction());
        assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
    }

    @Test
    void metadataCarriesTheConnectionsAddressesVersionsAndSessionId() {
        AuthPair p = new AuthPair(ServerAuthConfig.builder().methods(List.of("password")).build(),
                ClientAuthConfig.builder("x").password("pw").build());
        ConnectionMetadata[] seen = new ConnectionMetadata[1];
        run(p, ServerAuthPolicy.builder().passwordCallback((conn, user, password) -> {
            seen[0] = conn;
            return Decision.accept();
        }).build());
        assertEquals(p.client.connectionInfo().sessionId(), seen[0].sessionId());
        assertEquals(p.client.connectionInfo().clientVersion(), seen[0].clientVersion());
        assertEquals(p.client.connectionInfo().serverVersion(), seen[0].serverVersion());
        assertEquals(new InetSocketAddress("192.0.2.7", 50022), seen[0].remoteAddress());
        assertEquals(22, seen[0].localAddress().getPort());
    }

    @Test
    void theSimpleFormsStillAnswerWithOnlyTheClientAddress() throws Exception {
        ServerAuthPolicy policy = ServerAuthPolicy.builder().passwords((u, pw) -> pw.equals("pw"))
                .publicKeys((u, k, client) -> client != null && client.isLoopbackAddress()
                        ? java.util.Optional.of(Permissions.DEFAULT) : java.util.Optional.empty())
                .build();
        ServerAuthEvent.PasswordCheck right = new ServerAuthEvent.PasswordCheck(1, "a", "pw", null);
        assertEquals(Decision.accept(), policy.decide(right, InetAddress.getLoopbackAddress()));
        assertEquals(Decision.Reject.class, policy.decide(new ServerAuthEvent.PasswordCheck(2, "a", "no", null), null).getClass());
        ServerAuthEvent.PublicKeyVerified key = new ServerAuthEvent.PublicKeyVerified(3, "a", TestKeys.ED25519.publicKey(), "ssh-ed25519");
        assertEquals(Decision.accept(), policy.decide(key, InetAddress.getLoopbackAddress()));
        assertEquals(Decision.Reject.class, policy.decide(key, InetAddress.getByName("192.0.2.1")).getClass());
        ConnectionMetadata m = ConnectionMetadata.of(new InetSocketAddress("127.0.0.1", 1), null, null);
        assertEquals(Decision.accept(), policy.decide(m, key), "a verifier sees the metadata's address");
        assertNull(m.clientVersion());
    }

    @Test
    void partialSuccessNamesKnownMethodsOnly() {
        assertThrows(IllegalArgumentException.class, () -> Decision.partialSuccess(Permissions.DEFAULT, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Decision.partialSuccess(Permissions.DEFAULT, List.of("none")));
        assertThrows(IllegalArgumentException.class, () -> Decision.partialSuccess(Permissions.DEFAULT, List.of("gssapi-with-mic")));
        assertEquals(List.of("password", "publickey"),
                Decision.partialSuccess(Permissions.DEFAULT, List.of("password", "publickey")).next());
    }
}
