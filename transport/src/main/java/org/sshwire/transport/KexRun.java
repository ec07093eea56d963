package org.sshwire.transport;

import org.sshwire.transport.kex.KexAlgorithm;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.kex.KeyExchange;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.kex.SessionKeys;
import org.sshwire.transport.packet.PacketOpener;
import org.sshwire.transport.packet.PacketSealer;
import org.sshwire.transport.wire.Payload;

/** The state of one key exchange, from our KEXINIT to both NEWKEYS (RFC 4253 §7). */
final class KexRun {
    final boolean initial;
    final KexInit ours;
    final Payload oursPayload;
    KexInit peers;
    Payload peersPayload;
    /** Sequence number of the peer's KEXINIT: strict kex requires it to be the first packet. */
    int peerKexInitSequence;
    Negotiated negotiated;
    KexAlgorithm algorithm;
    KeyExchange exchange;
    /** RFC 4253 §7: the peer guessed wrong, so its next key exchange packet is ignored. */
    boolean ignoreNextKexPacket;
    SessionKeys keys;
    PacketSealer nextSealer;
    PacketOpener nextOpener;
    boolean awaitingHostKeyDecision;
    boolean sentNewKeys;
    boolean receivedNewKeys;

    KexRun(boolean initial, KexInit ours) {
        this.initial = initial;
        this.ours = ours;
        this.oursPayload = ours.toPayload();
    }

    /** The peer has started this exchange and not yet finished its side. */
    boolean peerInProgress() {
        return peers != null && !receivedNewKeys;
    }

    boolean done() {
        return sentNewKeys && receivedNewKeys;
    }
}
