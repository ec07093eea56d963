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
 * Our client sends its first key's publickey query right behind "none" (RFC 4252 §5), one
 * round trip before none's FAILURE would have let it, and everything after goes as before.
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
    void theQueryGoesOutBeforeNonesAnswerAndTheLoginEndsAsBefore() {
        List<String> wire = new ArrayList<>();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY))).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
        assertEquals(List.of("> none", "> publickey-hostbound-v00@openssh.com",
                "< SSH_MSG_USERAUTH_FAILURE", "< SSH_MSG_USERAUTH_60",
                "> publickey-hostbound-v00@openssh.com signed", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
        assertEquals(List.of("publickey"), p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).methods());
    }

    /** A server that takes only passwords answers both, and the client goes on to its password. */
    @Test
    void aServerWithoutPublickeyRefusesTheQueryAndThePasswordFollows() {
        List<String> wire = new ArrayList<>();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().methods(List.of("password")).build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).password("secret").build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY))).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
        assertEquals(List.of("> none", "> publickey-hostbound-v00@openssh.com",
                "< SSH_MSG_USERAUTH_FAILURE", "< SSH_MSG_USERAUTH_FAILURE", "> password", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
    }

    /** Without EXT_INFO the key's algorithm may depend on the methods' answer: no query goes out early. */
    @Test
    void withoutExtInfoTheClientWaitsForNonesAnswer() {
        List<String> wire = new ArrayList<>();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).build(),
                recording(wire), TransportConfig.server(List.of(AuthPair.HOST_KEY)).extInfo(false)).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated());
        assertEquals(List.of("> none", "< SSH_MSG_USERAUTH_FAILURE", "> publickey", "< SSH_MSG_USERAUTH_60",
                "> publickey signed", "< SSH_MSG_USERAUTH_SUCCESS"), wire);
    }
}
