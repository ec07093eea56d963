package org.sshwire.transport;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.sshwire.transport.kex.KexAlgorithm;
import org.sshwire.transport.kex.KexContext;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.kex.KexNegotiator;
import org.sshwire.transport.kex.KexResult;
import org.sshwire.transport.kex.SessionKeys;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.packet.CipherAlgorithm;
import org.sshwire.transport.packet.MacAlgorithm;
import org.sshwire.transport.packet.PacketDeframer;
import org.sshwire.transport.packet.PacketException;
import org.sshwire.transport.packet.PacketFramer;
import org.sshwire.transport.packet.PacketProtection;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

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
    /** RFC 8308 §2.3: more extensions than this is not a real peer. */
    static final int MAX_EXTENSIONS = 64;
    /** Signature algorithms the server announces in server-sig-algs (RFC 8308 §3.1). */
    static final List<String> SERVER_SIG_ALGS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");

    private final TransportConfig cfg;
    private final boolean client;
    private final PacketFramer framer;
    private final PacketDeframer deframer;
    private final VersionExchange versionIn;
    private final String ourVersion;
    private String peerVersion;

    private final ArrayDeque<ByteBuffer> transmit = new ArrayDeque<>();
    private final ArrayDeque<TransportEvent> events = new ArrayDeque<>();
    private final ArrayDeque<Payload> queued = new ArrayDeque<>();
    private long queuedBytes;

    private KexRun kex;
    private boolean closed;
    private byte[] sessionId;
    private org.sshwire.transport.kex.Negotiated current;
    private Bytes hostKeyBlob;
    private boolean strict;
    private boolean serviceDone;
    private String serviceRequested;
    private boolean authenticated;
    private boolean peerAcceptsPing;
    /** Packets received since our peer's last NEWKEYS: EXT_INFO is only valid as the first. */
    private int packetsSincePeerNewKeys = -1;

    private long bytesOut;
    private long bytesIn;
    private long packetsOut;
    private long packetsIn;
    private long rekeyBytes = Long.MAX_VALUE;
    private boolean needTimeAnchor;
    private long rekeyAtNanos;
    private boolean rekeyTimerArmed;

    public TransportEngine(TransportConfig config) {
        this.cfg = config;
        this.client = config.client;
        this.framer = new PacketFramer(config.crypto.random());
        this.deframer = new PacketDeframer(config.maxPacketLength);
        this.versionIn = new VersionExchange(client);
        this.ourVersion = config.identification;
        transmit.add(ByteBuffer.wrap(VersionExchange.encode(ourVersion)));
        beginKex(true);
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
            }
            while (!closed && src.hasRemaining()) {
                Bytes raw = deframer.poll(src);
                if (raw == null) {
                    break;
                }
                int seq = deframer.sequence() - 1;
                packetsIn++;
                bytesIn += raw.length() + 32;
                if (raw.isEmpty()) {
                    throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "empty payload");
                }
                for (Payload p : intercept(Direction.INBOUND, Payload.parse(raw))) {
                    observe(Direction.INBOUND, seq, p);
                    if (!closed) {
                        handle(p, seq);
                    }
                }
                checkRekeyLimits();
            }
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
        return transmit.poll();
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
        if (needTimeAnchor) {
            return Long.MIN_VALUE;
        }
        return rekeyTimerArmed ? rekeyAtNanos : Long.MAX_VALUE;
    }

    public void onDeadline(long nowNanos) {
        if (closed) {
            return;
        }
        if (needTimeAnchor) {
            needTimeAnchor = false;
            long interval = cfg.rekey.time().toNanos();
            rekeyTimerArmed = interval > 0;
            rekeyAtNanos = nowNanos + interval;
            return;
        }
        if (rekeyTimerArmed && nowNanos - rekeyAtNanos >= 0 && kex == null) {
            rekeyTimerArmed = false;
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
        if (kex != null && !kex.sentNewKeys || sessionId == null) {
            if (queuedBytes + p.length() > cfg.maxQueuedBytes) {
                throw new IllegalStateException("transport queue full during key exchange");
            }
            queued.add(p);
            queuedBytes += p.length();
            return;
        }
        emit(p);
    }

    /** Client: asks for a service, usually {@code ssh-userauth} (RFC 4253 §10). */
    public void requestService(String name) {
        if (!client || serviceRequested != null) {
            throw new IllegalStateException("service already requested, or not a client");
        }
        serviceRequested = name;
        send(new Payload(MessageNumbers.SSH_MSG_SERVICE_REQUEST, new SshWriter().writeUtf8(name).toBytes()));
    }

    /**
     * Called by the authentication layer once USERAUTH_SUCCESS was sent or received: from then on
     * ping@openssh.com is answered (OpenSSH PROTOCOL §1.9 forbids it before authentication).
     */
    public void markAuthenticated() {
        if (!serviceDone) {
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
        emit(new Payload(MessageNumbers.SSH_MSG_DISCONNECT, new SshWriter().writeUint32(reason.code())
                .writeUtf8(description).writeUtf8("").toBytes()));
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

    /** Null until the first key exchange completes. */
    public ConnectionInfo connectionInfo() {
        if (sessionId == null || current == null) {
            return null;
        }
        return new ConnectionInfo(client ? ourVersion : peerVersion, client ? peerVersion : ourVersion,
                Bytes.of(sessionId), current, hostKeyBlob);
    }

    // ---------------------------------------------------------------- inbound dispatch

    private void handle(Payload p, int seq) {
        int id = p.msgId();
        if (packetsSincePeerNewKeys >= 0) {
            packetsSincePeerNewKeys++;
        }
        if (kex != null && kex.peerInProgress()) {
            checkAllowedDuringKex(id);
        }
        switch (id) {
            case MessageNumbers.SSH_MSG_DISCONNECT -> onDisconnect(p);
            case MessageNumbers.SSH_MSG_IGNORE -> p.reader().lenient().readString();
            case MessageNumbers.SSH_MSG_UNIMPLEMENTED -> {
                SshReader r = p.reader();
                events.add(new TransportEvent.UnimplementedReceived(r.readUint32()));
            }
            case MessageNumbers.SSH_MSG_DEBUG -> {
                SshReader r = p.reader().lenient();
                boolean always = r.readBoolean();
                events.add(new TransportEvent.DebugReceived(always, r.readUtf8()));
            }
            case MessageNumbers.SSH_MSG_SERVICE_REQUEST -> onServiceRequest(p);
            case MessageNumbers.SSH_MSG_SERVICE_ACCEPT -> onServiceAccept(p);
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
                    if (sessionId == null || !serviceDone) {
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

    private void checkAllowedDuringKex(int id) {
        if (id == MessageNumbers.SSH_MSG_DISCONNECT) {
            return; // ends the connection anyway; report the peer's own reason
        }
        boolean kexMessage = id == MessageNumbers.SSH_MSG_NEWKEYS || (id >= 30 && id <= 49);
        if (strict && kex.initial && !kexMessage) {
            // OpenSSH PROTOCOL §1.10: during the initial strict exchange even IGNORE is fatal.
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                    "strict KEX violation: " + MessageNumbers.name(id) + " during initial key exchange");
        }
        boolean generic = id == MessageNumbers.SSH_MSG_DISCONNECT || id == MessageNumbers.SSH_MSG_IGNORE
                || id == MessageNumbers.SSH_MSG_UNIMPLEMENTED || id == MessageNumbers.SSH_MSG_DEBUG;
        if (!kexMessage && !generic) {
            // RFC 4253 §7.1: between KEXINIT and NEWKEYS only transport generic and kex messages.
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                    MessageNumbers.name(id) + " is not allowed during key exchange");
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

    private void onServiceRequest(Payload p) {
        SshReader r = p.reader();
        String name = r.readUtf8();
        r.expectEnd();
        if (client || sessionId == null || serviceDone) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "unexpected SERVICE_REQUEST");
        }
        if (!cfg.services.contains(name)) {
            throw new TransportException(DisconnectReason.SERVICE_NOT_AVAILABLE, "service not available: " + name);
        }
        serviceDone = true;
        send(new Payload(MessageNumbers.SSH_MSG_SERVICE_ACCEPT, new SshWriter().writeUtf8(name).toBytes()));
        events.add(new TransportEvent.ServiceAccepted(name));
    }

    private void onServiceAccept(Payload p) {
        SshReader r = p.reader();
        String name = r.readUtf8();
        r.expectEnd();
        if (!client || serviceRequested == null || serviceDone || !serviceRequested.equals(name)) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "unexpected SERVICE_ACCEPT for " + name);
        }
        serviceDone = true;
        events.add(new TransportEvent.ServiceAccepted(name));
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
        SshReader r = p.reader();
        long count = r.readUint32();
        if (count > MAX_EXTENSIONS) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "EXT_INFO claims " + count + " extensions");
        }
        java.util.Map<String, Bytes> ext = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ext.put(r.readUtf8(), r.readString());
        }
        r.expectEnd();
        if (ext.containsKey("ping@openssh.com")) {
            peerAcceptsPing = true;
        }
        events.add(new TransportEvent.ExtInfoReceived(java.util.Collections.unmodifiableMap(ext)));
    }

    // ---------------------------------------------------------------- key exchange

    private void beginKex(boolean initial) {
        kex = new KexRun(initial, ourKexInit(initial));
        emit(kex.oursPayload);
    }

    private KexInit ourKexInit(boolean initial) {
        List<String> kexNames = new java.util.ArrayList<>(cfg.kexAlgorithms);
        if (initial) {
            // Markers go only in the first KEXINIT (RFC 8308 §2.1; OpenSSH PROTOCOL §1.10).
            if (cfg.extInfo) {
                kexNames.add(client ? KexNegotiator.EXT_INFO_C : KexNegotiator.EXT_INFO_S);
            }
            if (cfg.strictKex) {
                kexNames.add(client ? KexNegotiator.STRICT_KEX_C : KexNegotiator.STRICT_KEX_S);
            }
        }
        byte[] cookie = new byte[KexInit.COOKIE_LENGTH];
        cfg.crypto.random().nextBytes(cookie);
        return KexInit.of(Bytes.wrap(cookie), kexNames, cfg.hostKeyAlgorithms, cfg.ciphers, cfg.macs);
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
        KexInit c = client ? kex.ours : kex.peers;
        KexInit s = client ? kex.peers : kex.ours;
        kex.negotiated = KexNegotiator.negotiate(c, s, name -> {
            CipherAlgorithm a = CipherAlgorithm.byName(name);
            return a != null && a.isAead();
        });
        if (kex.initial) {
            strict = kex.negotiated.strictKex();
            if (strict && seq != 0) {
                throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                        "strict KEX violation: KEXINIT was not the first packet");
            }
        }
        kex.ignoreNextKexPacket = kex.peers.firstKexPacketFollows() && kex.negotiated.firstChoicesDiffer();
        kex.algorithm = KexAlgorithm.byName(kex.negotiated.kex());
        SignatureAlgorithm hostAlg = SignatureAlgorithm.byName(kex.negotiated.hostKey());
        SshKeyPair hostKey = client ? null : cfg.hostKeyFor(hostAlg);
        String cv = client ? ourVersion : peerVersion;
        String sv = client ? peerVersion : ourVersion;
        KexContext ctx = new KexContext(client, cv, sv, (client ? kex.oursPayload : p).toBytes(),
                (client ? p : kex.oursPayload).toBytes(), cfg.crypto, hostKey, hostAlg, cfg.gexPreferredBits);
        kex.exchange = kex.algorithm.create(ctx);
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
        }
        CipherAlgorithm cC2S = CipherAlgorithm.byName(kex.negotiated.cipherClientToServer());
        CipherAlgorithm cS2C = CipherAlgorithm.byName(kex.negotiated.cipherServerToClient());
        MacAlgorithm mC2S = MacAlgorithm.byName(kex.negotiated.macClientToServer());
        MacAlgorithm mS2C = MacAlgorithm.byName(kex.negotiated.macServerToClient());
        SessionKeys keys = SessionKeys.derive(cfg.crypto, kex.algorithm.hash(), r.encodedK(), r.h(), sessionId,
                cC2S, mC2S, cS2C, mS2C);
        kex.keys = keys;
        kex.nextSealer = client ? PacketProtection.sealer(cfg.crypto, cC2S, mC2S, keys.clientToServer())
                : PacketProtection.sealer(cfg.crypto, cS2C, mS2C, keys.serverToClient());
        kex.nextOpener = client ? PacketProtection.opener(cfg.crypto, cS2C, mS2C, keys.serverToClient())
                : PacketProtection.opener(cfg.crypto, cC2S, mC2S, keys.clientToServer());
        rekeyBytes = cfg.rekey.bytesFor(Math.min(cC2S.blockSize(), cS2C.blockSize()));
        if (!client) {
            hostKeyBlob = r.hostKeyBlob();
            sendNewKeys();
            return;
        }
        SshPublicKey key = verifyHostKey(r);
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

    /** Client: K_S must parse, match the negotiated algorithm and have signed H; fails closed. */
    private SshPublicKey verifyHostKey(KexResult r) {
        SignatureAlgorithm alg = SignatureAlgorithm.byName(kex.negotiated.hostKey());
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
        if (!key.verify(alg, r.signature(), r.h(), cfg.crypto)) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "host key signature verification failed");
        }
        return key;
    }

    private void sendNewKeys() {
        emit(new Payload(MessageNumbers.SSH_MSG_NEWKEYS, Bytes.EMPTY));
        framer.setSealer(kex.nextSealer);
        if (strict) {
            framer.resetSequence();
        }
        kex.sentNewKeys = true;
        bytesOut = 0;
        packetsOut = 0;
        if (kex.initial && !client && cfg.extInfo && kex.negotiated.clientExtInfo()) {
            emit(extInfoServerSigAlgs());
        }
        flushQueue();
        maybeFinishKex();
    }

    private static Payload extInfoServerSigAlgs() {
        SshWriter w = new SshWriter().writeUint32(2).writeUtf8("server-sig-algs");
        w.writeString(Bytes.utf8(String.join(",", SERVER_SIG_ALGS)));
        w.writeUtf8("ping@openssh.com").writeString(Bytes.utf8("0"));
        return new Payload(MessageNumbers.SSH_MSG_EXT_INFO, w.toBytes());
    }

    private void onNewKeys(Payload p) {
        if (!p.body().isEmpty()) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "NEWKEYS with a body");
        }
        if (kex == null || kex.keys == null || kex.receivedNewKeys) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "unexpected NEWKEYS");
        }
        deframer.setOpener(kex.nextOpener);
        if (strict) {
            deframer.resetSequence();
        }
        kex.receivedNewKeys = true;
        packetsSincePeerNewKeys = 0;
        bytesIn = 0;
        packetsIn = 0;
        maybeFinishKex();
    }

    private void maybeFinishKex() {
        if (!kex.done()) {
            return;
        }
        current = kex.negotiated;
        boolean initial = kex.initial;
        kex = null;
        needTimeAnchor = true;
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
        long maxPackets = cfg.rekey.packets();
        boolean bytes = rekeyBytes > 0 && (bytesOut >= rekeyBytes || bytesIn >= rekeyBytes);
        boolean packets = maxPackets > 0 && (packetsOut >= maxPackets || packetsIn >= maxPackets);
        if (bytes || packets) {
            startRekey();
        }
    }

    // ---------------------------------------------------------------- outbound

    private void emit(Payload p) {
        for (Payload q : intercept(Direction.OUTBOUND, p)) {
            observe(Direction.OUTBOUND, framer.sequence(), q);
            byte[] payload = q.toByteArray();
            byte[] wire = framer.frame(payload, 0, payload.length);
            bytesOut += wire.length;
            packetsOut++;
            transmit.add(ByteBuffer.wrap(wire));
        }
        if (!closed && kex == null) {
            checkRekeyLimits();
        }
    }

    private List<Payload> intercept(Direction d, Payload p) {
        if (cfg.interceptors.isEmpty()) {
            return List.of(p);
        }
        List<Payload> current = List.of(p);
        for (PayloadInterceptor i : cfg.interceptors) {
            List<Payload> next = new java.util.ArrayList<>();
            for (Payload c : current) {
                next.addAll(i.intercept(d, c));
            }
            current = next;
        }
        return current;
    }

    private void observe(Direction d, int seq, Payload p) {
        for (PacketObserver o : cfg.observers) {
            o.onPayload(d, seq, p);
        }
    }

    private void fail(DisconnectReason reason, String message) {
        LOG.log(Level.DEBUG, () -> "closing connection: " + reason + ": " + message);
        if (!closed) {
            disconnect(reason, message);
        }
    }
}
