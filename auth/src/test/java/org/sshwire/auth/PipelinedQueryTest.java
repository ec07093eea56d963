package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;

/**
 * Our client sends its first key's publickey request right behind "none" (RFC 4252 §5), one
 * round trip before none's FAILURE would have let it, and everything after goes as before. A key
 * pair in memory is signed with at once; other keys, or any key with queryFirst(true), are asked
 * about first.
 */
class PipelinedQueryTest {
    /** The client's side of the authentication, in wire order: "> method" sent, "< NAME" received (60 is PK_OK here). */
    private static TransportConfig.Builder recording(List<String> wire) {
        return TransportConfig.client().observer((dir, seq, p) -> {
            int id = p.msgId();
            if (dir == Direction.OUTBOUND && id == MessageNumbers.SSH_MSG_USERAUTH_REQUEST) {
                SshReader r = p.reader();
                r.readUtf8();
                r.readUtf8();
                String method = r.readUtf8();
                boolean signed = !method.equals("none") && !method.equals("password") && r.readBoolean();
                wire.add("> " + method + (signed ? " signed" : ""));
            } else if (dir == Direction.INBOUND && id >= 51 && id <= 60) {
                wire.add("< " + MessageNumbers.name(id));
            }
        });
    }

    @Test
    void aKeyInMemoryIsSignedWithBehindNoneAndLogsInInOneRoundTrip() {
        List<String> wire = new ArrayList<>();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY))).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
        assertEquals(List.of("> none", "> publickey-hostbound-v00@openssh.com signed",
                "< SSH_MSG_USERAUTH_FAILURE", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
        ClientAuthEvent.Authenticated a = p.clientEvents(ClientAuthEvent.Authenticated.class).get(0);
        assertEquals(List.of("publickey"), a.methods());
        assertEquals(TestKeys.ED25519.publicKey(), a.key());
    }

    @Test
    void withQueryFirstTheQueryGoesOutBehindNone() {
        List<String> wire = new ArrayList<>();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).queryFirst(true).build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY))).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
        assertEquals(List.of("> none", "> publickey-hostbound-v00@openssh.com",
                "< SSH_MSG_USERAUTH_FAILURE", "< SSH_MSG_USERAUTH_60",
                "> publickey-hostbound-v00@openssh.com signed", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
    }

    /** A signer of the caller's own (an HSM, a remote signer) may ask someone: it is queried first. */
    @Test
    void aSignerOfTheCallersOwnIsAskedAboutFirst() {
        List<String> wire = new ArrayList<>();
        Identity own = new Identity(TestKeys.ED25519.publicKey(), (alg, data) -> TestKeys.ED25519.sign(alg, data, TestKeys.C));
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice").identity(own).build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY))).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated());
        assertEquals(List.of("> none", "> publickey-hostbound-v00@openssh.com",
                "< SSH_MSG_USERAUTH_FAILURE", "< SSH_MSG_USERAUTH_60",
                "> publickey-hostbound-v00@openssh.com signed", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
    }

    /** A server that takes only passwords answers both, and the client goes on to its password. */
    @Test
    void aServerWithoutPublickeyRefusesTheKeyAndThePasswordFollows() {
        List<String> wire = new ArrayList<>();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().methods(List.of("password")).build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).password("secret").build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY))).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
        assertEquals(List.of("> none", "> publickey-hostbound-v00@openssh.com signed",
                "< SSH_MSG_USERAUTH_FAILURE", "< SSH_MSG_USERAUTH_FAILURE", "> password", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
        assertEquals(List.of("password"), p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).methods());
        assertEquals(null, p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).key(), "the refused key is not the login's");
    }

    /**
     * A server that lets "none" in ignores the signed request behind it (RFC 4252 §5.1): the
     * login is none's, with no key, so refuseTrivialSuccess still refuses it.
     */
    @Test
    void noneLettingInIsStillTrivialThoughASignatureWentOutBehindIt() {
        ServerAuthConfig permissive = ServerAuthConfig.builder().methods(List.of("none", "publickey")).build();
        AuthPair accepted = new AuthPair(permissive, ClientAuthConfig.builder("h").identity(Identity.of(TestKeys.ED25519, TestKeys.C))
                .build()).answers(q -> Decision.accept()).run();
        assertTrue(accepted.clientAuth.isAuthenticated());
        ClientAuthEvent.Authenticated a = accepted.clientEvents(ClientAuthEvent.Authenticated.class).get(0);
        assertEquals(List.of("none"), a.methods());
        assertEquals(null, a.key());
        AuthPair refused = new AuthPair(permissive, ClientAuthConfig.builder("h").identity(Identity.of(TestKeys.ED25519, TestKeys.C))
                .refuseTrivialSuccess(true).build()).answers(q -> Decision.accept()).run();
        assertTrue(!refused.clientAuth.isAuthenticated());
    }

    /** Without EXT_INFO the key's algorithm may depend on the methods' answer: nothing goes out early. */
    @Test
    void withoutExtInfoTheClientWaitsForNonesAnswer() {
        List<String> wire = new ArrayList<>();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY)).extInfo(false)).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated());
        assertEquals(List.of("> none", "< SSH_MSG_USERAUTH_FAILURE", "> publickey signed", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
    }
}
