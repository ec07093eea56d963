package org.sshwire.auth;

import java.util.List;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;

/** Hand-made client requests for negative tests, sent through a pair whose client is raw. */
final class RawClient {
    final AuthPair pair;

    RawClient(ServerAuthConfig cfg) {
        pair = new AuthPair(cfg, ClientAuthConfig.builder("unused").build());
        pair.rawClient = true;
        pair.startClient = false;
        pair.run();
    }

    Bytes sessionId() {
        return pair.client.connectionInfo().sessionId();
    }

    RawClient send(AuthMethod m, String user) {
        return send(new AuthMessage.Request(user, "ssh-connection", m).toPayload());
    }

    RawClient send(Payload p) {
        pair.client.sendRaw(p);
        pair.pump();
        return this;
    }

    AuthMethod.PublicKey query(SshKeyPair key) {
        return new AuthMethod.PublicKey("ssh-ed25519", key.publicKey().blob(), null);
    }

    /** A publickey request for {@code presented}'s blob, signed by {@code signer} (RFC 4252 §7). */
    AuthMethod.PublicKey signed(String user, SshKeyPair presented, SshKeyPair signer) {
        Bytes blob = presented.publicKey().blob();
        byte[] data = SignedData.publicKey(sessionId(), user, "ssh-connection", "ssh-ed25519", blob);
        return new AuthMethod.PublicKey("ssh-ed25519", blob, signer.sign(SignatureAlgorithm.SSH_ED25519, data, TestKeys.C));
    }

    List<Integer> replies() {
        return pair.clientRaw.stream().map(Payload::msgId).toList();
    }
}
