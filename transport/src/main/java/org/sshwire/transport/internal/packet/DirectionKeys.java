package org.sshwire.transport.internal.packet;

import org.sshwire.transport.wire.Bytes;

/**
 * The keys for one direction, as derived by RFC 4253 §7.2 (IV, encryption key, integrity key).
 * Lengths must match the negotiated algorithms; unused parts are empty.
 */
public record DirectionKeys(Bytes iv, Bytes encryptionKey, Bytes integrityKey) {
    public static final DirectionKeys NONE = new DirectionKeys(Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY);

    @Override
    public String toString() {
        return "DirectionKeys[redacted]"; // never log key material by accident
    }
}
