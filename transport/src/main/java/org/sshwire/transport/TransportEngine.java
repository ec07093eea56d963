package org.sshwire.transport;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.internal.kex.KexResult;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.internal.packet.CompressionAlgorithm;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.internal.packet.PacketException;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.transport.internal.VersionExchange;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.research.TransportPolicy;

/**
 * The SSH transport layer (RFC 4253) for either role, as a sans-IO state machine (DESIGN §2):
 * bytes in through {@link #receive}, bytes out through {@link #pollTransmit}, events out through
 * {@link #pollEvent}. No threads, no sockets, no clock: time arrives through {@link #onDeadline}.
 *
 * <p>It runs the identification exchange, the initial key exchange and any later rekeying, strict
 * kex (OpenSSH PROTOCOL §1.10), ext-info (RFC 8308), the service request, and the generic
 * messages. Messages numbered 50 and up are handed to the layer above as
 * {@link TransportEvent.PayloadReceived}, and sent for it with {@link #send}.
 *
 * <pre>{@code
 * TransportEngine client = new TransportEngine(TransportConfig.client().build());
 * socket.write(client.pollTransmit());            // identification and KEXINIT
 * client.receive(bytesFromServer);
 * for (TransportEvent e; (e = client.pollEvent()) != null; ) {
 *     if (e instanceof TransportEvent.HostKeyToVerify q) client.acceptHostKey();
 *     if (e instanceof TransportEvent.KeysExchanged) client.requestService("ssh-userauth");
 * }
 * }</pre>
 */
public final class TransportEngine {
    private static final System.Logger LOG = System.getLogger(TransportEngine.class.getName());
    /** Signature algorithms the server announces in server-sig-algs (RFC 8308 §3.1). */
    static final List<String> SERVER_SIG_ALGS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");

    private final TransportConfig cfg;
    private final boolean client;
    private final PacketTransmitter transmitter;
    private final PacketDeframer deframer;
    private final VersionExchange versionIn;
    private final String ourVersion;
    private String peerVersion;

    private final ArrayDeque<TransportEvent> events = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private final ArrayDeque<Payload> queued = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private long queuedBytes;

    private KexRun kex;
    private boolean closed;
    private byte[] sessionId;
    /** The host key's signature of H in the first key exchange (session-bind@openssh.com needs it). */
    private Bytes initialExchangeSignature;
    private org.sshwire.transport.kex.Negotiated current;
    private Bytes hostKeyBlob;
    private boolean strict;
    private final ServiceNegotiation service;
    private boolean authenticated;
    private boolean peerAcceptsPing;
    /** A research hook threw (DESIGN §5): the connection is ended and no hook is called again. */
    private Throwable hookFailure;
    /** Packets received since our peer's last NEWKEYS: EXT_INFO is only valid as the first. */
    private int packetsSincePeerNewKeys = -1;

    private final RekeySchedule rekey;
    private final Compression compression;
    /** Research hooks of this connection (DESIGN §5), or null when none is installed. */
    private final HookRunner hooks;
    private final TransportPolicy policy;
    /** What is known of the connection so far; hooks see it, {@link #connectionInfo()} once keyed. */
    private ConnectionInfo info;
    /** This connection's own key log (research hooks), beside the config's shared one; may be null. */
    private final KeyLog connectionKeyLog;

    public TransportEngine(TransportConfig config) {
        this(config, ConnectionInfo.opening(0, null, null), ConnectionHooks.NONE);
    }

    /**
     * An engine for one connection with research hooks and policies (DESIGN §5): {@code opening}
     * gives the connection's id and addresses, which every hook then sees in its
     * {@link ConnectionInfo}.
     *
     * <pre>{@code
     * TransportEngine e = new TransportEngine(TransportConfig.client().build(),
     *         ConnectionInfo.opening(7, local, remote),
     *         ConnectionHooks.builder().wireObserver((c, d, seq, b) -> System.out.println(d + " #" + seq)).build());
     * }</pre>
     */
    public TransportEngine(TransportConfig config, ConnectionInfo opening, ConnectionHooks connectionHooks) {
        if (connectionHooks.randomness() != null) {
            config = config.withRandom(connectionHooks.randomness());
        }
        this.cfg = config;
        this.connectionKeyLog = connectionHooks.keyLog();
        this.policy = connectionHooks.policy();
        this.info = new ConnectionInfo(opening.id(), opening.localAddress(), opening.remoteAddress(),
                config.client ? config.identification : null, config.client ? null : config.identification, null, null, null);
        this.hooks = HookRunner.of(config, connectionHooks, info);
        this.client = config.client;
        this.service = new ServiceNegotiation(client, config.services);
        this.transmitter = new PacketTransmitter(config.crypto.random());
        this.deframer = new PacketDeframer(config.maxPacketLength);
        this.versionIn = new VersionExchange(client);
        this.ourVersion = config.identification;
        this.rekey = new RekeySchedule(policy.rekey() != null ? policy.rekey() : config.rekey);
        this.compression = new Compression(transmitter, config.maxPacketLength);
        if (policy.padding() != null || policy.extraPaddingBlocks() > 0) {
            transmitter.padding(policy.padding(), policy.extraPaddingBlocks());
        }
        if (hooks != null && hooks.seesInboundWire()) {
            deframer.setSealedTap(this::observeInboundWire);
        }
        transmitter.queueRaw(ByteBuffer.wrap(VersionExchange.encode(ourVersion)));
        if (client) {
            beginKex(true);
        }
        // A server sends its KEXINIT once the client's identification has arrived, as sshd does
        // (kex_exchange_identification, then the key exchange): a peer that is not an SSH client
        // gets our identification and sshd's one-line answer, nothing binary.
    }

    // ---------------------------------------------------------------- sans-IO surface

    /** Feeds bytes from the peer; consumes all of {@code src}. */
    public void receive(ByteBuffer src) {
        if (closed) {
            src.position(src.limit());
            return;
        }
        try {
            if (peerVersion == null) {
                if (!versionIn.receive(src)) {
                    return;
                }
                peerVersion = versionIn.identification();
                updateInfo(info.withVersions(client ? ourVersion : peerVersion, client ? peerVersion : ourVersion));
                if (!client) {
                    beginKex(true);
                }
            }
            while (!closed && (src.hasRemaining() || deframer.hasPending())) {
                Bytes raw = deframer.poll(src);
                if (raw == null) {
                    break;
                }
                int seq = deframer.sequence() - 1;
                rekey.received(raw.length() + 32);
                raw = compression.inflate(raw);
                if (raw.isEmpty()) {
                    throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "empty payload");
                }
                for (Payload p : intercept(Direction.INBOUND, HookRunner.renumber(policy.inboundNumbers(), Payload.parse(raw)))) {
                    observe(Direction.INBOUND, seq, p);
                    if (!closed) {
                        handle(p, seq);
                        if (client && p.msgId() == MessageNumbers.SSH_MSG_USERAUTH_SUCCESS && service.accepted()) {
                            compression.authenticated(); // the next packet in each direction may be compressed
                        }
                    }
                }
                checkRekeyLimits();
            }
        } catch (IdentificationException e) {
            refuseIdentification(e);
        } catch (PacketException e) {
            fail(e.disconnectReason(), e.getMessage());
        } catch (TransportException e) {
            fail(e.reason(), e.getMessage());
        } catch (WireFormatException e) {
            fail(DisconnectReason.PROTOCOL_ERROR, "malformed message: " + e.getMessage());
        }
        if (closed) {
            src.position(src.limit());
        }
    }

    /** The peer closed its side of the stream. */
    public void receiveEof() {
        if (!closed) {
            closed = true;
            events.add(new TransportEvent.Disconnected(DisconnectReason.CONNECTION_LOST, "connection closed by peer", true));
        }
    }

    /** Next bytes to send, or null. */
    public ByteBuffer pollTransmit() {
        return transmitter.poll();
    }

    /**
     * The caller is done with a buffer {@link #pollTransmit} returned: every byte of it was
     * written and it will not be touched again, so its array may carry a later packet. Optional
     * (unreturned buffers are garbage as usual); unlike the rest of the engine, safe to call from
     * any thread without the engine's lock, so a writer can return buffers as the socket takes them.
     */
    public void releaseTransmit(ByteBuffer written) {
        transmitter.release(written);
    }

    /** Next event for the application, or null. */
    public TransportEvent pollEvent() {
        return events.poll();
    }

    /**
     * When {@link #onDeadline} wants to be called: {@link Long#MIN_VALUE} for "now" (the engine
     * needs the current time to arm a timer), {@link Long#MAX_VALUE} for never.
     */
    public long nextDeadlineNanos() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        return rekey.needsTime() ? Long.MIN_VALUE : rekey.dueAtNanos();
    }

    public void onDeadline(long nowNanos) {
        if (closed) {
            return;
        }
        if (rekey.onTime(nowNanos)) {
            startRekey();
        }
    }

    // ---------------------------------------------------------------- commands

    /**
     * Sends a message of the layers above (numbers 50 and up, or a raw payload the caller vouches
     * for). While a key exchange is in progress it waits in a bounded queue (RFC 4253 §7.1).
     *
     * @throws IllegalStateException when the connection is closed or the queue is full
     */
    public void send(Payload p) {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
        if (isQueueing()) {
            if (queuedBytes + p.length() > cfg.maxQueuedBytes) {
                throw new IllegalStateException("transport queue full during key exchange");
            }
            queued.add(p);
            queuedBytes += p.length();
            return;
        }
        emit(p);
    }

    /**
     * Sends SSH_MSG_CHANNEL_DATA for {@code recipient} with {@code data}'s bytes at absolute indices
     * {@code [off, off+len)} (a heap or direct buffer; position and limit are ignored), framed
     * straight from the caller's buffer (one copy, into the packet), if it can be sent right now
     * exactly as {@link #send} would: not while payloads wait for a key exchange, and not when
     * interceptors or observers are installed (they are given a {@link Payload}). Returns false,
     * having done nothing, otherwise; the caller then sends a payload instead.
     */
    public boolean sendChannelData(long recipient, ByteBuffer data, int off, int len) {
        if (closed || isQueueing() || !queued.isEmpty() || hooks != null || policy.outboundNumbers() != null
                || transmitter.compressing()) {
            return false;
        }
        rekey.sent(transmitter.sendChannelData(recipient, data, off, len));
        if (kex == null) {
            checkRekeyLimits();
        }
        return true;
    }

    /** Client: asks for a service, usually {@code ssh-userauth} (RFC 4253 §10). */
    public void requestService(String name) {
        send(service.request(name));
    }

    /**
     * Called by the authentication layer once USERAUTH_SUCCESS was sent or received: from then on
     * ping@openssh.com is answered (OpenSSH PROTOCOL §1.9 forbids it before authentication).
     */
    public void markAuthenticated() {
        if (!service.accepted()) {
            throw new IllegalStateException("no service accepted yet");
        }
        authenticated = true;
    }

    /**
     * Sends SSH2_MSG_PING (OpenSSH PROTOCOL §1.9); the peer answers PONG with the same data.
     *
     * @throws IllegalStateException before authentication, or if the peer did not announce ping@openssh.com
     */
    public void sendPing(Bytes data) {
        if (!authenticated || !peerAcceptsPing) {
            throw new IllegalStateException("ping@openssh.com needs authentication and the peer's EXT_INFO announcement");
        }
        send(new Payload(MessageNumbers.SSH_MSG_PING, new SshWriter().writeString(data).toBytes()));
    }

    /** Client: the host key offered in {@link TransportEvent.HostKeyToVerify} is trusted. */
    public void acceptHostKey() {
        if (kex == null || !kex.awaitingHostKeyDecision) {
            throw new IllegalStateException("no host key decision pending");
        }
        kex.awaitingHostKeyDecision = false;
        sendNewKeys();
    }

    /** Client: the host key is not trusted; ends the connection with HOST_KEY_NOT_VERIFIABLE. */
    public void rejectHostKey(String why) {
        if (kex == null || !kex.awaitingHostKeyDecision) {
            throw new IllegalStateException("no host key decision pending");
        }
        disconnect(DisconnectReason.HOST_KEY_NOT_VERIFIABLE, why);
    }

    /** Starts a key re-exchange now (RFC 4253 §9); no-op while one is running. */
    public void startRekey() {
        if (closed || kex != null || sessionId == null) {
            return;
        }
        beginKex(false);
    }

    /** Sends DISCONNECT and closes (RFC 4253 §11.1). */
    public void disconnect(DisconnectReason reason, String description) {
        if (closed) {
            return;
        }
        emit(disconnectPayload(reason, description));
        if (closed) {
            return; // a hook failed on this DISCONNECT and sent its own
        }
        closed = true;
        compression.close();
        events.add(new TransportEvent.Disconnected(reason, description, false));
    }

    private static Payload disconnectPayload(DisconnectReason reason, String description) {
        return new Payload(MessageNumbers.SSH_MSG_DISCONNECT, new SshWriter().writeUint32(reason.code())
                .writeUtf8(description).writeUtf8("").toBytes());
    }

    /**
     * Closes without sending anything, as sshd does when LoginGraceTime expires (its session
     * process just exits: "Timeout before authentication"). Bytes already queued still go out.
     */
    public void closeSilently(DisconnectReason reason, String description) {
        if (closed) {
            return;
        }
        closed = true;
        events.add(new TransportEvent.Disconnected(reason, description, false));
    }

    /** Research: sends a payload at once, bypassing every state check. */
    public void sendRaw(Payload p) {
        emit(p);
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isKeyExchangeInProgress() {
        return kex != null;
    }

    /**
     * True while {@link #send} only queues (before the first keys, and during a key exchange
     * until our NEWKEYS is out): the queue is bounded, so layers above should hold bulk data.
     */
    public boolean isQueueing() {
        return kex != null && !kex.sentNewKeys || sessionId == null;
    }

    /** The peer's identification line (RFC 4253 §4.2) without CR LF, or null until it arrived. */
    public String peerIdentification() {
        return peerVersion;
    }

    /**
     * The server host key's signature blob over the session id, as the first key exchange's
     * reply carried it; null before that. An SSH client hands it, with the host key and session
     * id, to its agent in {@code session-bind@openssh.com} (OpenSSH PROTOCOL.agent §1) so the
     * agent can check where its keys are used.
     */
    public Bytes initialExchangeSignature() {
        return initialExchangeSignature;
    }

    /** Null until the first key exchange completes. */
    public ConnectionInfo connectionInfo() {
        if (sessionId == null || current == null) {
            return null;
        }
        return info;
    }

    private void updateInfo(ConnectionInfo next) {
        info = next;
        if (hooks != null) {
            hooks.info = next;
        }
    }

    // ---------------------------------------------------------------- inbound dispatch

    private void handle(Payload p, int seq) {
        int id = p.msgId();
        if (packetsSincePeerNewKeys >= 0) {
            packetsSincePeerNewKeys++;
        }
        if (kex != null && kex.peerInProgress()) {
            kex.checkAllowed(id, strict);
        }
        switch (id) {
            case MessageNumbers.SSH_MSG_DISCONNECT -> onDisconnect(p);
            case MessageNumbers.SSH_MSG_IGNORE -> {
                // RFC 4253 §11.2 defines a string, but OpenSSH's packet layer drops IGNORE unread
                // (packet.c: "Received SSH2_MSG_IGNORE"), so an empty or malformed one — paramiko's
                // send_ignore() writes raw random bytes without a length — is ignored, not an error.
            }
            case MessageNumbers.SSH_MSG_UNIMPLEMENTED -> {
                SshReader r = p.reader();
                events.add(new TransportEvent.UnimplementedReceived(r.readUint32()));
            }
            case MessageNumbers.SSH_MSG_DEBUG -> {
                SshReader r = p.reader().lenient();
                boolean always = r.readBoolean();
                events.add(new TransportEvent.DebugReceived(always, r.readUtf8()));
            }
            case MessageNumbers.SSH_MSG_SERVICE_REQUEST -> {
                boolean again = service.accepted();
                String name = service.onRequest(p, sessionId != null, authenticated);
                send(ServiceNegotiation.accept(name));
                if (!again) { // a repeated request changes nothing above: authentication goes on
                    events.add(new TransportEvent.ServiceAccepted(name));
                }
            }
            case MessageNumbers.SSH_MSG_SERVICE_ACCEPT -> events.add(new TransportEvent.ServiceAccepted(service.onAccept(p)));
            case MessageNumbers.SSH_MSG_EXT_INFO -> onExtInfo(p);
            case MessageNumbers.SSH_MSG_KEXINIT -> onKexInit(p, seq);
            case MessageNumbers.SSH_MSG_NEWKEYS -> onNewKeys(p);
            case MessageNumbers.SSH_MSG_PING -> {
                Bytes data = p.reader().readString();
                // OpenSSH PROTOCOL §1.9: never answered before authentication (no pre-auth amplification).
                if (authenticated) {
                    send(new Payload(MessageNumbers.SSH_MSG_PONG, new SshWriter().writeString(data).toBytes()));
                }
            }
            case MessageNumbers.SSH_MSG_PONG -> {
                // OpenSSH PROTOCOL §1.9: PONG is ignored.
            }
            default -> {
                if (id >= 30 && id <= 49) {
                    onKexMessage(p);
                } else if (id >= 50) {
                    if (sessionId == null || !service.accepted()) {
                        throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                                "message " + MessageNumbers.name(id) + " before the service was accepted");
                    }
                    events.add(new TransportEvent.PayloadReceived(p, seq));
                } else {
                    // RFC 4253 §11.4: answer an unrecognised message with its sequence number.
                    emit(new Payload(MessageNumbers.SSH_MSG_UNIMPLEMENTED, new SshWriter().writeUint32(seq).toBytes()));
                }
            }
        }
    }

    private void onDisconnect(Payload p) {
        SshReader r = p.reader().lenient();
        long code = r.readUint32();
        String description = r.hasRemaining() ? r.readUtf8() : "";
        DisconnectReason reason = DisconnectReason.of(code);
        closed = true;
        events.add(new TransportEvent.Disconnected(reason == null ? DisconnectReason.PROTOCOL_ERROR : reason,
                description, true));
    }

    private void onExtInfo(Payload p) {
        // The peer's NEWKEYS may arrive while our side of the exchange is still open (a client
        // awaiting its host key decision), so look at the exchange in progress first.
        org.sshwire.transport.kex.Negotiated n = kex != null && kex.negotiated != null ? kex.negotiated : current;
        boolean offered = n != null && (client ? n.clientExtInfo() : n.serverExtInfo());
        // RFC 8308 §2.4: only as the first message after NEWKEYS (a server may also send it before
        // USERAUTH_SUCCESS, which the auth layer sees first and passes through here).
        if (!offered || packetsSincePeerNewKeys > 1 && !client) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "unexpected EXT_INFO");
        }
        java.util.Map<String, Bytes> ext = ExtInfo.decode(p);
        if (ext.containsKey(ExtInfo.PING)) {
            peerAcceptsPing = true;
        }
        events.add(new TransportEvent.ExtInfoReceived(ext));
    }

    // ---------------------------------------------------------------- key exchange

    private void beginKex(boolean initial) {
        kex = new KexRun(initial, KexRun.ourKexInit(cfg, initial, policy), client);
        emit(kex.oursPayload);
        if (initial && policy.guessedKexPacket() != null) {
            emit(policy.guessedKexPacket()); // RFC 4253 §7: first_kex_packet_follows
        }
    }

    private void onKexInit(Payload p, int seq) {
        if (kex == null) {
            beginKex(false); // the peer starts a rekey (RFC 4253 §9)
        } else if (kex.peers != null) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "second KEXINIT during key exchange");
        }
        kex.peers = KexInit.decode(p);
        kex.peersPayload = p;
        kex.peerKexInitSequence = seq;
        kex.negotiate(client);
        if (kex.initial) {
            strict = kex.negotiated.strictKex();
            if (strict && seq != 0) {
                throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                        "strict KEX violation: KEXINIT was not the first packet");
            }
        }
        kex.ignoreNextKexPacket = kex.peers.firstKexPacketFollows() && kex.negotiated.firstChoicesDiffer();
        kex.createExchange(cfg, client ? ourVersion : peerVersion, client ? peerVersion : ourVersion);
        for (Payload out : kex.exchange.start()) {
            emit(out);
        }
    }

    private void onKexMessage(Payload p) {
        if (kex == null || kex.exchange == null) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                    "key exchange message " + p.msgId() + " outside a key exchange");
        }
        if (kex.ignoreNextKexPacket) {
            kex.ignoreNextKexPacket = false; // RFC 4253 §7: the wrong guess is discarded
            return;
        }
        if (kex.keys != null) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "key exchange message after the exchange completed");
        }
        for (Payload out : kex.exchange.receive(p)) {
            emit(out);
        }
        KexResult result = kex.exchange.result();
        if (result != null) {
            onKexResult(result);
        }
    }

    private void onKexResult(KexResult r) {
        if (sessionId == null) {
            sessionId = r.h(); // RFC 4253 §7.2: the first H is the session id for the whole connection
            initialExchangeSignature = r.signature();
        }
        kex.cipherBlockSize = kex.deriveKeys(cfg.crypto, r, sessionId);
        if ((cfg.keyLog != null || connectionKeyLog != null) && hookFailure == null) {
            try {
                for (String line : kex.keyLogLines(r)) {
                    if (cfg.keyLog != null) {
                        cfg.keyLog.write(line);
                    }
                    if (connectionKeyLog != null) {
                        connectionKeyLog.write(line);
                    }
                }
            } catch (RuntimeException | Error e) {
                hookFailed("key log", e);
                return;
            }
        }
        if (!client) {
            hostKeyBlob = r.hostKeyBlob();
            sendNewKeys();
            return;
        }
        SshPublicKey key = HostKeyCheck.verify(r, SignatureAlgorithm.byName(kex.negotiated.hostKey()), cfg.crypto);
        if (kex.initial) {
            hostKeyBlob = r.hostKeyBlob();
            kex.awaitingHostKeyDecision = true;
            events.add(new TransportEvent.HostKeyToVerify(key, kex.negotiated.hostKey()));
        } else if (!r.hostKeyBlob().equals(hostKeyBlob)) {
            throw new TransportException(DisconnectReason.HOST_KEY_NOT_VERIFIABLE, "host key changed during rekey");
        } else {
            sendNewKeys();
        }
    }

    private void sendNewKeys() {
        if (info.sessionId() == null) { // hooks learn the session id as soon as our NEWKEYS goes out
            updateInfo(info.withKeys(Bytes.of(sessionId), kex.negotiated, hostKeyBlob));
        }
        emit(new Payload(MessageNumbers.SSH_MSG_NEWKEYS, Bytes.EMPTY));
        transmitter.setSealer(kex.nextSealer, strict);
        compression.outboundKeys(CompressionAlgorithm.byName(client ? kex.negotiated.compressionClientToServer()
                : kex.negotiated.compressionServerToClient()));
        kex.sentNewKeys = true;
        rekey.outboundKeysChanged(kex.cipherBlockSize);
        if (kex.initial && policy.extInfo() != null) {
            if (client ? kex.negotiated.serverExtInfo() : kex.negotiated.clientExtInfo()) {
                emit(ExtInfo.of(policy.extInfo()));
            }
        } else if (kex.initial && !client && cfg.extInfo && kex.negotiated.clientExtInfo()) {
            emit(ExtInfo.serverExtensions(cfg.serverSigAlgs));
        }
        flushQueue();
        maybeFinishKex();
    }

    private void onNewKeys(Payload p) {
        if (!p.body().isEmpty()) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "NEWKEYS with a body");
        }
        if (kex == null || kex.keys == null || kex.receivedNewKeys) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "unexpected NEWKEYS");
        }
        deframer.setOpener(kex.nextOpener);
        compression.inboundKeys(CompressionAlgorithm.byName(client ? kex.negotiated.compressionServerToClient()
                : kex.negotiated.compressionClientToServer()));
        if (strict) {
            deframer.resetSequence();
        }
        kex.receivedNewKeys = true;
        packetsSincePeerNewKeys = 0;
        rekey.inboundKeysChanged();
        maybeFinishKex();
    }

    private void maybeFinishKex() {
        if (!kex.done()) {
            return;
        }
        current = kex.negotiated;
        updateInfo(info.withKeys(Bytes.of(sessionId), current, hostKeyBlob));
        boolean initial = kex.initial;
        kex = null;
        rekey.exchangeFinished();
        events.add(new TransportEvent.KeysExchanged(current, Bytes.of(sessionId), initial));
        LOG.log(Level.DEBUG, () -> "keys exchanged: " + current);
    }

    private void flushQueue() {
        while (!queued.isEmpty() && !closed) {
            Payload p = queued.poll();
            queuedBytes -= p.length();
            emit(p);
        }
    }

    private void checkRekeyLimits() {
        if (kex != null || sessionId == null || closed) {
            return;
        }
        if (rekey.limitReached()) {
            startRekey();
        }
    }

    // ---------------------------------------------------------------- outbound

    private void emit(Payload p) {
        if (hookFailure != null) {
            return; // the connection ended with our DISCONNECT: nothing may follow it
        }
        for (Payload q : intercept(Direction.OUTBOUND, p)) {
            if (!observe(Direction.OUTBOUND, transmitter.sequence(), q)) {
                return;
            }
            q = HookRunner.renumber(policy.outboundNumbers(), q);
            rekey.sent(hooks != null && hooks.seesWire() ? sendWatched(q) : transmitter.send(q));
            if (hookFailure != null) {
                return;
            }
            if (!client && q.msgId() == MessageNumbers.SSH_MSG_USERAUTH_SUCCESS && service.accepted()) {
                compression.authenticated(); // OpenSSH: from the packet after USERAUTH_SUCCESS on
            }
        }
        if (!closed && kex == null) {
            checkRekeyLimits();
        }
    }

    /** The payloads the interceptors make of {@code p}; none once a hook failed. */
    private List<Payload> intercept(Direction d, Payload p) {
        if (hookFailure != null) {
            return List.of();
        }
        if (hooks == null) {
            return List.of(p);
        }
        try {
            return hooks.intercept(d, p);
        } catch (HookRunner.Failure f) {
            hookFailed(f.getMessage(), f.getCause());
            return List.of();
        }
    }

    /** Shows {@code p} to the observers; false if one of them threw (the connection is then ended). */
    private boolean observe(Direction d, int seq, Payload p) {
        if (hooks == null || hookFailure != null) {
            return hookFailure == null;
        }
        try {
            hooks.observe(d, seq, p);
            return true;
        } catch (HookRunner.Failure f) {
            hookFailed(f.getMessage(), f.getCause());
            return false;
        }
    }

    /**
     * Seals {@code p} and passes the packet through the wire hooks; returns the bytes it took on
     * the wire. If a wire hook throws, the packet goes out as sealed (its sequence number is
     * spent) and the DISCONNECT of {@link #hookFailed} follows it.
     */
    private int sendWatched(Payload p) {
        ByteBuffer sealed = transmitter.frame(p);
        int seq = transmitter.sequence() - 1;
        int length = sealed.remaining();
        List<ByteBuffer> out;
        try {
            hooks.observeWire(Direction.OUTBOUND, seq, sealed);
            out = hooks.interceptWire(Direction.OUTBOUND, seq, sealed);
        } catch (HookRunner.Failure f) {
            transmitter.queue(sealed);
            if (p.msgId() == MessageNumbers.SSH_MSG_NEWKEYS && kex != null && kex.nextSealer != null) {
                transmitter.setSealer(kex.nextSealer, strict); // the peer reads what follows NEWKEYS with the new keys
            }
            hookFailed(f.getMessage(), f.getCause());
            return length;
        }
        for (ByteBuffer b : out) {
            transmitter.queue(b == sealed ? b : b.asReadOnlyBuffer()); // never pool a hook's array
        }
        return length;
    }

    /** The deframer's tap: null to open the packet as it arrived, else what the wire hooks put in its place. */
    private byte[] observeInboundWire(int seq, byte[] sealed) {
        if (hookFailure != null) {
            return null;
        }
        try {
            return hooks.inboundWire(seq, sealed);
        } catch (HookRunner.Failure f) {
            hookFailed(f.getMessage(), f.getCause());
            return null;
        }
    }

    /**
     * DESIGN §5: a hook that throws closes only its own connection. The user's code is broken, not
     * the peer: the connection ends with DISCONNECT BY_APPLICATION (sent past the hooks, under
     * the keys the peer reads with now, since nothing of the failed step went out) and no hook
     * is called again. The peer learns nothing of the exception; the log has it, and the
     * application's Disconnected event names it.
     */
    private void hookFailed(String hook, Throwable e) {
        if (e instanceof VirtualMachineError vm) {
            throw vm; // out of memory and the like: nothing sensible to do per connection
        }
        if (hookFailure != null) {
            return;
        }
        hookFailure = e;
        LOG.log(Level.WARNING, hook + " threw; closing its connection", e);
        if (closed) {
            return;
        }
        // Hooks see only packets, so our identification is out and a packet may follow it.
        rekey.sent(transmitter.send(disconnectPayload(DisconnectReason.BY_APPLICATION, "internal error")));
        closed = true;
        compression.close();
        events.add(new TransportEvent.Disconnected(DisconnectReason.BY_APPLICATION, hook + " hook failed: " + e, false));
    }

    /**
     * No packet can be sent before the identifications are exchanged: a server writes sshd's
     * text line instead of a DISCONNECT (kex.c send_error), a client nothing (as ssh).
     */
    private void refuseIdentification(IdentificationException e) {
        LOG.log(Level.DEBUG, () -> "closing connection: " + e.reason() + ": " + e.getMessage());
        if (closed) {
            return;
        }
        if (!client) {
            transmitter.queueRaw(ByteBuffer.wrap((e.lineForPeer() + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        closed = true;
        events.add(new TransportEvent.Disconnected(e.reason(), e.getMessage(), false));
    }

    private void fail(DisconnectReason reason, String message) {
        LOG.log(Level.DEBUG, () -> "closing connection: " + reason + ": " + message);
        if (!closed) {
            disconnect(reason, message);
        }
    }
}
