package org.sshwire.transport;

import java.util.Map;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;

/** What the transport engine tells its user (DESIGN §2). */
public sealed interface TransportEvent {

    /**
     * Client only, a question: is this the server's host key? The signature over H already
     * verified. Answer with {@link TransportEngine#acceptHostKey} or
     * {@link TransportEngine#rejectHostKey}; nothing more is sent until then.
     */
    record HostKeyToVerify(SshPublicKey hostKey, String algorithm) implements TransportEvent {
    }

    /** A key exchange finished in both directions. */
    record KeysExchanged(Negotiated algorithms, Bytes sessionId, boolean initial) implements TransportEvent {
    }

    /** Server: the client asked for a service, which the engine accepted. Client: the server accepted ours. */
    record ServiceAccepted(String service) implements TransportEvent {
    }

    /** The peer's SSH_MSG_EXT_INFO (RFC 8308), names to values. */
    record ExtInfoReceived(Map<String, Bytes> extensions) implements TransportEvent {
    }

    /** SSH_MSG_DEBUG (RFC 4253 §11.3). */
    record DebugReceived(boolean alwaysDisplay, String message) implements TransportEvent {
    }

    /** The peer did not understand our packet with this sequence number (RFC 4253 §11.4). */
    record UnimplementedReceived(long sequence) implements TransportEvent {
    }

    /** A message for the layers above the transport (numbers 50 and up). */
    record PayloadReceived(Payload payload, int sequence) implements TransportEvent {
    }

    /** The connection ended: by a DISCONNECT from either side, a protocol error, or end of input. */
    record Disconnected(DisconnectReason reason, String description, boolean byPeer) implements TransportEvent {
    }
}
