package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.auth.internal.AuthMessages;

/** The mistakes auth layers have made (CVE-2018-10933, CVE-2025-32433, CVE-2024-45337) cannot happen here. */
class AuthSafetyTest {

    @Test
    void queriesForTwoKeysThenASignatureByTheFirstAuthenticatesOnlyTheFirst() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept()); // an application that would accept any key
        c.send(c.query(TestKeys.ED25519), "alice").send(c.query(TestKeys.ED25519_B), "alice")
                .send(c.signed("alice", TestKeys.ED25519, TestKeys.ED25519), "alice");
        assertEquals(List.of(60, 60, 52), c.replies(), "PK_OK, PK_OK, SUCCESS");
        ServerAuthEvent.Authenticated ok = c.pair.serverAuth.result();
        assertEquals(TestKeys.ED25519.publicKey(), ok.key(), "the principal is the key that signed");
        List<ServerAuthEvent.PublicKeyVerified> verified = c.pair.serverEvents(ServerAuthEvent.PublicKeyVerified.class);
        assertEquals(1, verified.size());
        assertEquals(TestKeys.ED25519.publicKey(), verified.get(0).key());
        assertTrue(c.pair.serverEvents.stream().noneMatch(e -> e instanceof ServerAuthEvent.PublicKeyVerified v
                && v.key().equals(TestKeys.ED25519_B.publicKey())), "never told B authenticated");
    }

    @Test
    void aSignatureByAnotherKeyIsRejectedWithoutAskingTheApplication() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept());
        c.send(c.signed("alice", TestKeys.ED25519, TestKeys.ED25519_B), "alice");
        assertEquals(List.of(51), c.replies());
        assertTrue(c.pair.serverEvents(ServerAuthEvent.PublicKeyVerified.class).isEmpty());
        assertFalse(c.pair.serverAuth.isAuthenticated());
    }

    @Test
    void aSignatureForAnotherUserDoesNotVerify() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept());
        c.send(c.signed("mallory", TestKeys.ED25519, TestKeys.ED25519), "alice");
        assertEquals(List.of(51), c.replies());
        assertFalse(c.pair.serverAuth.isAuthenticated());
    }

    @Test
    void userAuthSuccessFromAClientEndsTheConnection() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.send(new AuthMessage.Success().toPayload());
        assertFalse(c.pair.serverAuth.isAuthenticated());
        TransportEvent.Disconnected d = c.pair.serverDisconnect();
        assertNotNull(d);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertFalse(d.byPeer());
    }

    @Test
    void aChangeOfUserResetsPartialSuccess() {
        ServerAuthConfig cfg = ServerAuthConfig.builder().requiredMethods(u -> List.of(List.of("publickey", "password"))).build();
        RawClient c = new RawClient(cfg);
        c.pair.answers(q -> Decision.accept());
        c.send(c.signed("u1", TestKeys.ED25519, TestKeys.ED25519), "u1");
        assertEquals(1, c.pair.serverEvents(ServerAuthEvent.PartialSuccess.class).size());
        c.send(new AuthMethod.Password("pw", null), "u2");
        assertFalse(c.pair.serverAuth.isAuthenticated());
        assertTrue(c.pair.serverEvents(ServerAuthEvent.PasswordCheck.class).isEmpty(), "u2 has not done publickey");
        assertEquals(new AuthMessage.Failure(List.of("publickey"), false),
                AuthMessages.decode(c.pair.clientRaw.get(1), AuthMessages.Context.NONE));
    }

    /** Every message number a client can send before authentication completes. */
    @Test
    void everyMessageNumberFromAClientBeforeSuccessGetsUnimplementedOrADisconnect() {
        List<String> table = new ArrayList<>();
        for (int n = 0; n <= 255; n++) {
            RawClient c = new RawClient(ServerAuthConfig.builder().build());
            c.pair.answers(q -> Decision.accept());
            c.send(new Payload(n, body(n)));
            assertFalse(c.pair.serverAuth.isAuthenticated(), "message " + n);
            assertTrue(c.pair.serverAbove.isEmpty(), "message " + n + " reached the connection layer");
            boolean unimplemented = c.pair.clientTransportEvents.stream().anyMatch(TransportEvent.UnimplementedReceived.class::isInstance);
            TransportEvent.Disconnected d = c.pair.serverDisconnect();
            String outcome = d != null ? "DISCONNECT " + d.reason() : unimplemented ? "UNIMPLEMENTED" : "silent";
            table.add(n + ": " + outcome);
            if (n >= 50 && n <= 127 && n != 50) {
                assertEquals(50 <= n && n <= 61 || n >= 80 ? "DISCONNECT PROTOCOL_ERROR" : "UNIMPLEMENTED", outcome, "message " + n);
            } else if (n >= 128 && !transportPing(n) || n >= 62 && n <= 79) {
                assertEquals("UNIMPLEMENTED", outcome, "message " + n);
            } else if (n != 2 && n != 4 && !transportPing(n)) {
                // RFC 4253 §11: IGNORE and DEBUG are silently accepted (and an unsolicited PONG); everything else answered or fatal.
                assertTrue(!outcome.equals("silent"), "message " + n + " got no answer");
            }
        }
        System.out.println("client message before auth -> server outcome: " + table);
    }

    /** Every message number a server can send before the client's authentication completes. */
    @Test
    void everyMessageNumberFromAServerBeforeSuccessGetsUnimplementedOrADisconnect() {
        for (int n = 0; n <= 255; n++) {
            AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("x").password("x").build());
            p.startClient = false;
            p.run();
            p.server.sendRaw(new Payload(n, body(n)));
            p.pump();
            assertFalse(p.clientAuth.isAuthenticated(), "message " + n);
            assertTrue(p.clientAbove.isEmpty(), "message " + n + " reached the client's connection layer");
            boolean unimplemented = p.serverTransportEvents.stream().anyMatch(TransportEvent.UnimplementedReceived.class::isInstance);
            TransportEvent.Disconnected d = p.clientDisconnect();
            if (n >= 50 && n <= 61 || n >= 80 && n <= 127) {
                assertNotNull(d, "message " + n);
                assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason(), "message " + n);
            } else if (n >= 62 && !transportPing(n)) {
                assertTrue(unimplemented && d == null, "message " + n);
            } else if (n != 2 && n != 4 && n != 7 && !transportPing(n)) {
                assertTrue(unimplemented || d != null, "message " + n + " got no answer");
            }
        }
    }

    /** PING/PONG (OpenSSH PROTOCOL, 192/193) belong to the transport, which judges them itself. */
    static boolean transportPing(int n) {
        return n == 192 || n == 193;
    }

    /** Well-formed bodies for the messages where it matters, so the number alone is what is judged. */
    static Bytes body(int n) {
        return switch (n) {
            case 52 -> Bytes.EMPTY;
            case 90 -> new SshWriter().writeUtf8("session").writeUint32(0).writeUint32(1 << 20).writeUint32(32768).toBytes();
            case 80 -> new SshWriter().writeUtf8("keepalive@openssh.com").writeBoolean(true).toBytes();
            case 98 -> new SshWriter().writeUint32(0).writeUtf8("exec").writeBoolean(true).writeUtf8("id").toBytes();
            default -> Bytes.EMPTY;
        };
    }
}
