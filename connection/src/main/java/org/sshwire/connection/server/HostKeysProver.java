package org.sshwire.connection.server;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.internal.channel.HostKeysProof;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;

/**
 * The server's half of host key rotation (OpenSSH PROTOCOL §2.5): which keys to announce in
 * {@code hostkeys-00@openssh.com}, and the answer to {@code hostkeys-prove-00@openssh.com} — one
 * signature per requested key, in request order, or REQUEST_FAILURE if any key is not ours.
 */
final class HostKeysProver {
    private HostKeysProver() {
    }

    /** The plain public key blobs of the host keys, without duplicates (sshd leaves certificates out too). */
    static List<Bytes> announced(List<SshKeyPair> hostKeys) {
        List<Bytes> blobs = new ArrayList<>();
        for (SshKeyPair k : hostKeys) {
            Bytes b = k.publicKey().blob();
            if (!blobs.contains(b)) {
                blobs.add(b);
            }
        }
        return blobs;
    }

    static GlobalReply prove(SshConnection conn, GlobalRequestBody.HostKeysProve request, List<SshKeyPair> hostKeys,
                             CryptoBackend crypto) {
        // A client asks only for keys we announced, each once: more than we hold cannot be honest.
        if (request.keys().isEmpty() || request.keys().size() > hostKeys.size()) {
            return new GlobalReply(false, Bytes.EMPTY);
        }
        Bytes sessionId = conn.sessionId();
        String negotiated = conn.info().algorithms().hostKey();
        List<Bytes> signatures = new ArrayList<>();
        for (Bytes blob : request.keys()) {
            SshKeyPair key = hostKeys.stream().filter(k -> k.publicKey().blob().equals(blob)).findFirst().orElse(null);
            if (key == null) {
                return new GlobalReply(false, Bytes.EMPTY); // sshd: "unknown host key" fails the whole request
            }
            signatures.add(HostKeysProof.sign(key, sessionId, negotiated, crypto));
        }
        return new GlobalReply(true, GlobalRequestBody.HostKeysProve.proofsReply(signatures));
    }
}
