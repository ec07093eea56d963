package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.internal.channel.HostKeysProof;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The client's half of host key rotation (OpenSSH PROTOCOL §2.5): asks the server to prove the
 * announced keys with {@code hostkeys-prove-00@openssh.com} and checks every signature against
 * this session's identifier.
 */
final class HostKeysProbe {
    private static final System.Logger LOG = System.getLogger(HostKeysProbe.class.getName());

    private HostKeysProbe() {
    }

    static HostKeyUpdate check(SshConnection conn, String host, int port, List<Bytes> announced, CryptoBackend crypto)
            throws IOException {
        ConnectionInfo info = conn.info();
        List<SshPublicKey> proven = new ArrayList<>();
        List<SshPublicKey> toProve = new ArrayList<>();
        List<Bytes> unsupported = new ArrayList<>();
        for (Bytes blob : new LinkedHashSet<>(announced)) {
            SshPublicKey key;
            try {
                key = SshPublicKey.parse(blob);
            } catch (RuntimeException e) {
                unsupported.add(blob); // "the client should disregard such keys"
                continue;
            }
            if (key instanceof SshCertificate) {
                unsupported.add(blob);
            } else if (blob.equals(info.hostKey())) {
                proven.add(key); // the key exchange already proved this one
            } else {
                toProve.add(key);
            }
        }
        List<SshPublicKey> unproven = new ArrayList<>();
        if (!toProve.isEmpty()) {
            GlobalRequestBody.HostKeysProve req = new GlobalRequestBody.HostKeysProve(toProve.stream().map(SshPublicKey::blob).toList());
            GlobalReply reply = conn.sendGlobalRequest(req.requestName(), true, req.toBytes());
            List<Bytes> sigs = List.of();
            if (reply.success()) {
                try {
                    sigs = GlobalRequestBody.HostKeysProve.proofs(reply.data());
                } catch (WireFormatException e) {
                    LOG.log(Level.DEBUG, "malformed hostkeys-prove reply: {0}", e.getMessage());
                }
            }
            // PROTOCOL §2.5: one signature per requested key, in request order; anything else proves nothing.
            boolean complete = sigs.size() == toProve.size();
            for (int i = 0; i < toProve.size(); i++) {
                SshPublicKey k = toProve.get(i);
                if (complete && HostKeysProof.verify(k, sigs.get(i), info.sessionId(), info.algorithms().hostKey(), crypto)) {
                    proven.add(k);
                } else {
                    unproven.add(k);
                }
            }
        }
        return new HostKeyUpdate(host, port, proven, unproven, unsupported);
    }
}
