package org.sshwire.auth.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** Our agent's answers, as OpenSSH's ssh-agent gives them (ssh-agent.c process_message and friends). */
class AgentSessionTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final long SECOND = 1_000_000_000L;

    final AgentKeyring keyring = new AgentKeyring(C, 0);
    final List<String> prompts = new ArrayList<>();
    boolean allow;
    final AgentSession session = new AgentSession(keyring, p -> {
        prompts.add(p);
        return allow;
    });
    long now = 1000 * SECOND;

    AgentMessage ask(AgentMessage m) {
        return AgentMessage.decodeReply(session.handle(m.encode(), now, 1_700_000_000L).message());
    }

    List<AgentMessage.KeyEntry> list() {
        return ((AgentMessage.IdentitiesAnswer) ask(new AgentMessage.RequestIdentities())).keys();
    }

    static Bytes userauthData(Bytes sid, String user, SignatureAlgorithm alg, Bytes keyBlob) {
        return new SshWriter().writeString(sid).writeByte(50).writeUtf8(user).writeUtf8("ssh-connection").writeUtf8("publickey")
                .writeBoolean(true).writeUtf8(alg.name()).writeString(keyBlob).toBytes();
    }

    static Bytes bind(SshKeyPair host, Bytes sid, boolean forwarding) {
        return new SshWriter().writeString(host.publicKey().blob()).writeString(sid)
                .writeString(host.sign(SignatureAlgorithm.SSH_ED25519, sid.toArray(), C)).writeBoolean(forwarding).toBytes();
    }

    @Test
    void addListSignRemove() {
        SshKeyPair rsa = SshKeyPair.generate("ssh-rsa", 2048, C);
        assertInstanceOf(AgentMessage.Success.class, ask(new AgentMessage.AddIdentity(rsa, "r", List.of())));
        assertEquals(List.of(new AgentMessage.KeyEntry(rsa.publicKey().blob(), "r")), list());
        byte[] data = {1, 2};
        for (int[] f : new int[][] {{AgentMessage.FLAG_RSA_SHA2_256, 0}, {AgentMessage.FLAG_RSA_SHA2_512, 1}, {0, 2}}) {
            SignatureAlgorithm alg = List.of(SignatureAlgorithm.RSA_SHA2_256, SignatureAlgorithm.RSA_SHA2_512, SignatureAlgorithm.SSH_RSA).get(f[1]);
            AgentMessage.SignResponse r = (AgentMessage.SignResponse) ask(new AgentMessage.SignRequest(rsa.publicKey().blob(), Bytes.wrap(data), f[0]));
            assertEquals(alg.name(), new SshReader(r.signature()).readUtf8());
            assertTrue(rsa.publicKey().verify(alg, r.signature(), data, C));
        }
        assertInstanceOf(AgentMessage.Success.class, ask(new AgentMessage.RemoveIdentity(rsa.publicKey().blob())));
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.RemoveIdentity(rsa.publicKey().blob())));
        assertEquals(List.of(), list());
        // Smartcard keys and unknown extensions: FAILURE, as ssh-agent without PKCS#11.
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.Unknown(AgentMessage.ADD_SMARTCARD_KEY, Bytes.EMPTY)));
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.Extension("query", Bytes.EMPTY)));
    }

    @Test
    void lifetimesExpireAndConfirmationIsAsked() {
        SshKeyPair k = SshKeyPair.generate("ssh-ed25519", 0, C);
        ask(new AgentMessage.AddIdentity(k, "short", List.of(new AgentConstraint.Lifetime(5), new AgentConstraint.Confirm())));
        AgentMessage.SignRequest sign = new AgentMessage.SignRequest(k.publicKey().blob(), Bytes.of((byte) 9), 0);
        assertInstanceOf(AgentMessage.Failure.class, ask(sign));
        assertEquals(1, prompts.size());
        assertTrue(prompts.get(0).startsWith("Allow use of key short?\nKey fingerprint " + k.publicKey().fingerprintSha256()), prompts.get(0));
        allow = true;
        assertInstanceOf(AgentMessage.SignResponse.class, ask(sign));
        now += 4 * SECOND;
        assertEquals(1, list().size());
        now += SECOND;
        assertEquals(List.of(), list());
    }

    @Test
    void aLockedAgentListsNothingAndSlowsWrongPassphrases() {
        SshKeyPair k = SshKeyPair.generate("ssh-ed25519", 0, C);
        ask(new AgentMessage.AddIdentity(k, "k", List.of()));
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.Lock(true, Bytes.EMPTY)));
        assertInstanceOf(AgentMessage.Success.class, ask(new AgentMessage.Lock(true, Bytes.utf8("pw"))));
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.Lock(true, Bytes.utf8("pw"))));
        assertEquals(List.of(), list());
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.SignRequest(k.publicKey().blob(), Bytes.of((byte) 1), 0)));
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.RemoveAllIdentities()));
        assertEquals(100, session.handle(new AgentMessage.Lock(false, Bytes.utf8("no")).encode(), now, 0).delayMillis());
        assertEquals(200, session.handle(new AgentMessage.Lock(false, Bytes.utf8("no")).encode(), now, 0).delayMillis());
        AgentSession.Reply ok = session.handle(new AgentMessage.Lock(false, Bytes.utf8("pw")).encode(), now, 0);
        assertEquals(0, ok.delayMillis());
        assertInstanceOf(AgentMessage.Success.class, AgentMessage.decodeReply(ok.message()));
        assertEquals(1, list().size());
    }

    @Test
    void destinationConstrainedKeysSignOnlyLoginsOnABoundConnectionToTheirHost() {
        SshKeyPair user = SshKeyPair.generate("ssh-ed25519", 0, C);
        SshKeyPair host = SshKeyPair.generate("ssh-ed25519", 0, C);
        SshKeyPair otherHost = SshKeyPair.generate("ssh-ed25519", 0, C);
        AgentConstraint.Destination toHost = new AgentConstraint.Destination(new AgentConstraint.Hop("", "", List.of()),
                new AgentConstraint.Hop("alice", "host.example", List.of(new AgentConstraint.HostKeySpec(host.publicKey().blob(), false))));
        ask(new AgentMessage.AddIdentity(user, "dest", List.of(new AgentConstraint.RestrictDestination(List.of(toHost)))));
        Bytes sid = Bytes.fromHex("0102030405");
        Bytes login = userauthData(sid, "alice", SignatureAlgorithm.SSH_ED25519, user.publicKey().blob());
        AgentMessage.SignRequest sign = new AgentMessage.SignRequest(user.publicKey().blob(), login, 0);
        assertEquals(1, list().size()); // unbound: local use lists it
        assertInstanceOf(AgentMessage.Failure.class, ask(sign)); // ... but signs nothing

        assertInstanceOf(AgentMessage.Success.class, ask(new AgentMessage.Extension("session-bind@openssh.com", bind(host, sid, false))));
        assertInstanceOf(AgentMessage.SignResponse.class, ask(sign));
        // Not a login, another user, another session id: refused.
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.SignRequest(user.publicKey().blob(), Bytes.of((byte) 1), 0)));
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.SignRequest(user.publicKey().blob(),
                userauthData(sid, "bob", SignatureAlgorithm.SSH_ED25519, user.publicKey().blob()), 0)));
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.SignRequest(user.publicKey().blob(),
                userauthData(Bytes.fromHex("09"), "alice", SignatureAlgorithm.SSH_ED25519, user.publicKey().blob()), 0)));
        // A connection bound for authentication is never bound again.
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.Extension("session-bind@openssh.com", bind(otherHost, Bytes.fromHex("07"), false))));

        AgentSession other = new AgentSession(keyring, p -> true);
        Bytes sid2 = Bytes.fromHex("0a0b");
        other.handle(new AgentMessage.Extension("session-bind@openssh.com", bind(otherHost, sid2, false)).encode(), now, 0);
        AgentMessage wrongHost = AgentMessage.decodeReply(other.handle(new AgentMessage.SignRequest(user.publicKey().blob(),
                userauthData(sid2, "alice", SignatureAlgorithm.SSH_ED25519, user.publicKey().blob()), 0).encode(), now, 0).message());
        assertInstanceOf(AgentMessage.Failure.class, wrongHost);
        assertEquals(0, ((AgentMessage.IdentitiesAnswer) AgentMessage.decodeReply(
                other.handle(new AgentMessage.RequestIdentities().encode(), now, 0).message())).keys().size());
    }

    @Test
    void aBindWithABadSignatureLeavesConstrainedKeysUnusable() {
        SshKeyPair user = SshKeyPair.generate("ssh-ed25519", 0, C);
        SshKeyPair host = SshKeyPair.generate("ssh-ed25519", 0, C);
        AgentConstraint.Destination toHost = new AgentConstraint.Destination(new AgentConstraint.Hop("", "", List.of()),
                new AgentConstraint.Hop("", "h", List.of(new AgentConstraint.HostKeySpec(host.publicKey().blob(), false))));
        ask(new AgentMessage.AddIdentity(user, "dest", List.of(new AgentConstraint.RestrictDestination(List.of(toHost)))));
        Bytes forged = new SshWriter().writeString(host.publicKey().blob()).writeString(Bytes.fromHex("01"))
                .writeString(host.sign(SignatureAlgorithm.SSH_ED25519, new byte[] {2}, C)).writeBoolean(false).toBytes();
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.Extension("session-bind@openssh.com", forged)));
        assertEquals(List.of(), list()); // not back to unrestricted local use
        Bytes longSid = Bytes.wrap(new byte[SessionBindings.MAX_SID + 1]);
        assertInstanceOf(AgentMessage.Failure.class, ask(new AgentMessage.Extension("session-bind@openssh.com", bind(host, longSid, false))));
    }
}
