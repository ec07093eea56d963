package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshReader;

/** {@code publickey-hostbound-v00@openssh.com} (OpenSSH PROTOCOL §2.5) on both sides. */
class HostBoundPublicKeyTest {
    private static final SshKeyPair OTHER_HOST = SshKeyPair.generate("ssh-ed25519", 0, TestKeys.C);

    @Test
    void serverAnnouncesVersionZeroInExtInfoAfterServerSigAlgs() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        TransportEvent.ExtInfoReceived x = c.pair.clientTransportEvents.stream()
                .filter(TransportEvent.ExtInfoReceived.class::isInstance).map(TransportEvent.ExtInfoReceived.class::cast)
                .findFirst().orElseThrow();
        assertEquals(List.of("server-sig-algs", "publickey-hostbound@openssh.com", "ping@openssh.com"),
                List.copyOf(x.extensions().keySet()));
        assertEquals("0", x.extensions().get("publickey-hostbound@openssh.com").asUtf8());
    }

    @Test
    void ourClientUsesTheHostBoundMethodAndOurServerLogsItIn() {
        List<String> methods = new ArrayList<>();
        List<Bytes> hostKeys = new ArrayList<>();
        TransportConfig.Builder server = TransportConfig.server(List.of(AuthPair.HOST_KEY)).observer((dir, seq, p) -> {
            if (dir == Direction.INBOUND && p.msgId() == MessageNumbers.SSH_MSG_USERAUTH_REQUEST) {
                SshReader r = p.reader();
                r.readUtf8();
                r.readUtf8();
                String m = r.readUtf8();
                methods.add(m);
                if (m.equals(AuthMethod.PUBLICKEY_HOSTBOUND)) {
                    r.readBoolean();
                    r.readUtf8();
                    r.readString();
                    hostKeys.add(r.readString());
                }
            }
        });
        for (boolean queryFirst : List.of(true, false)) {
            methods.clear();
            hostKeys.clear();
            AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                    .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).queryFirst(queryFirst).build(),
                    TransportConfig.client(), server).answers(q -> Decision.accept()).run();
            assertTrue(p.serverAuth.isAuthenticated(), () -> p.serverEvents.toString());
            assertEquals(queryFirst ? List.of("none", AuthMethod.PUBLICKEY_HOSTBOUND, AuthMethod.PUBLICKEY_HOSTBOUND)
                    : List.of("none", AuthMethod.PUBLICKEY_HOSTBOUND), methods);
            assertTrue(hostKeys.stream().allMatch(AuthPair.HOST_KEY.publicKey().blob()::equals));
            assertEquals(List.of("publickey"), p.serverAuth.result().methods(), "counted as publickey, as sshd does");
            assertEquals(List.of("publickey"), p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).methods());
        }
    }

    @Test
    void withoutTheAnnouncementTheClientSendsPlainPublicKey() {
        List<String> methods = new ArrayList<>();
        TransportConfig.Builder server = TransportConfig.server(List.of(AuthPair.HOST_KEY)).extInfo(false).observer((dir, seq, p) -> {
            if (dir == Direction.INBOUND && p.msgId() == MessageNumbers.SSH_MSG_USERAUTH_REQUEST) {
                SshReader r = p.reader();
                r.readUtf8();
                r.readUtf8();
                methods.add(r.readUtf8());
            }
        });
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.of(TestKeys.ED25519, TestKeys.C)).queryFirst(false).build(),
                TransportConfig.client(), server).answers(q -> Decision.accept()).run();
        assertTrue(p.serverAuth.isAuthenticated());
        assertEquals(List.of("none", "publickey"), methods);
    }

    @Test
    void queryGetsPkOkAndAGoodHostBoundSignatureLogsIn() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept());
        Bytes host = AuthPair.HOST_KEY.publicKey().blob();
        c.send(new AuthMethod.HostBoundPublicKey("ssh-ed25519", TestKeys.ED25519.publicKey().blob(), host, null), "alice");
        c.send(signed(c, "alice", host, host), "alice");
        assertEquals(List.of(60, 52), c.replies(), "PK_OK, SUCCESS");
        assertEquals(TestKeys.ED25519.publicKey(), c.pair.serverAuth.result().key());
    }

    @Test
    void anotherHostsKeyIsRefusedEvenWhenTheSignatureCoversIt() {
        // A signature made for a connection to another host (the agent-forwarding attack §2.5 stops).
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept());
        Bytes other = OTHER_HOST.publicKey().blob();
        c.send(signed(c, "alice", other, other), "alice");
        assertEquals(List.of(51), c.replies());
        assertFalse(c.pair.serverAuth.isAuthenticated());
        assertTrue(c.pair.serverEvents(ServerAuthEvent.PublicKeyVerified.class).isEmpty());
    }

    @Test
    void aSignatureOverOtherHostKeyDataOrPlainPublicKeyDataDoesNotVerify() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept());
        Bytes host = AuthPair.HOST_KEY.publicKey().blob();
        // Signed over another host key but naming ours.
        c.send(signed(c, "alice", host, OTHER_HOST.publicKey().blob()), "alice");
        // Signed as plain publickey (RFC 4252 §7 data) but sent as hostbound.
        Bytes blob = TestKeys.ED25519.publicKey().blob();
        Bytes plainSig = TestKeys.ED25519.sign(SignatureAlgorithm.SSH_ED25519,
                SignedData.publicKey(c.sessionId(), "alice", "ssh-connection", "ssh-ed25519", blob), TestKeys.C);
        c.send(new AuthMethod.HostBoundPublicKey("ssh-ed25519", blob, host, plainSig), "alice");
        assertEquals(List.of(51, 51), c.replies());
        assertFalse(c.pair.serverAuth.isAuthenticated());
    }

    @Test
    void aServerAuthenticatorWithoutTheHostKeyRefusesHostBound() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept());
        // Replace the authenticator by one that was not told the host key.
        c.pair.serverAuth = new ServerAuthenticator(ServerAuthConfig.builder().build(),
                AuthTransport.of(c.pair.server), c.pair.server.connectionInfo().sessionId(), null);
        Bytes host = AuthPair.HOST_KEY.publicKey().blob();
        c.send(signed(c, "alice", host, host), "alice");
        assertEquals(List.of(51), c.replies());
        // The three-argument constructor takes it from the engine (AuthTransport.of), so
        // applications written before hostbound keep working with ssh 8.9+.
        c.pair.serverAuth = new ServerAuthenticator(ServerAuthConfig.builder().build(),
                AuthTransport.of(c.pair.server), c.pair.server.connectionInfo().sessionId());
        c.send(signed(c, "alice", host, host), "alice");
        assertEquals(List.of(51, 52), c.replies());
    }

    /** A hostbound request naming {@code named}, signed over data naming {@code signedOver}. */
    private static AuthMethod.HostBoundPublicKey signed(RawClient c, String user, Bytes named, Bytes signedOver) {
        Bytes blob = TestKeys.ED25519.publicKey().blob();
        byte[] data = SignedData.publicKeyHostBound(c.sessionId(), user, "ssh-connection", "ssh-ed25519", blob, signedOver);
        return new AuthMethod.HostBoundPublicKey("ssh-ed25519", blob, named,
                TestKeys.ED25519.sign(SignatureAlgorithm.SSH_ED25519, data, TestKeys.C));
    }
}
