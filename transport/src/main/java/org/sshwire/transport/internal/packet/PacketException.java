package org.sshwire.transport.internal.packet;

import org.sshwire.transport.wire.DisconnectReason;

/**
 * A packet from the peer that cannot be accepted. The connection must end with
 * {@link #disconnectReason()}; the message says why, for logs, and never reveals key material.
 */
public abstract sealed class PacketException extends RuntimeException
        permits PacketException.MacMismatch, PacketException.Malformed {
    private static final long serialVersionUID = 1L;

    PacketException(String message) {
        super(message);
    }

    public abstract DisconnectReason disconnectReason();

    /** MAC or AEAD tag did not verify (DISCONNECT MAC_ERROR). Deliberately says nothing more. */
    public static final class MacMismatch extends PacketException {
        private static final long serialVersionUID = 1L;

        public MacMismatch() {
            super("message authentication code incorrect");
        }

        @Override
        public DisconnectReason disconnectReason() {
            return DisconnectReason.MAC_ERROR;
        }
    }

    /** Bad length, alignment or padding (DISCONNECT PROTOCOL_ERROR). */
    public static final class Malformed extends PacketException {
        private static final long serialVersionUID = 1L;

        public Malformed(String message) {
            super(message);
        }

        @Override
        public DisconnectReason disconnectReason() {
            return DisconnectReason.PROTOCOL_ERROR;
        }
    }
}
