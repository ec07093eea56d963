package org.sshwire.transport;

import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexResult;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.DisconnectReason;

/** Client side of RFC 4253 §8: K_S must parse, match the negotiated algorithm and have signed H. Fails closed. */
final class HostKeyCheck {
    private HostKeyCheck() {
    }

    static SshPublicKey verify(KexResult r, SignatureAlgorithm alg, CryptoBackend crypto) {
        SshPublicKey key;
        try {
            key = SshPublicKey.parse(r.hostKeyBlob());
        } catch (KeyFormatException e) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "bad host key: " + e.getMessage());
        }
        if (!key.keyType().equals(alg.keyType())) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "host key type " + key.keyType() + " does not match negotiated " + alg.name());
        }
        if (!key.verify(alg, r.signature(), r.h(), crypto)) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "host key signature verification failed");
        }
        return key;
    }
}
