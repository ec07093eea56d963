package org.sshwire.transport;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.kex.KexContext;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.internal.kex.KexNegotiator;
import org.sshwire.transport.internal.kex.KexResult;
import org.sshwire.transport.internal.kex.KeyExchange;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.internal.kex.SessionKeys;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.CompressionAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.internal.packet.PacketOpener;
import org.sshwire.transport.internal.packet.PacketProtection;
import org.sshwire.transport.internal.packet.PacketSealer;
import org.sshwire.transport.research.TransportPolicy;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/** The state of one key exchange, from our KEXINIT to both NEWKEYS (RFC 4253 §7). */
final class KexRun {
    final boolean initial;
    private final boolean exchangeIsClient;
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
    /** The smaller cipher block size of the new keys: it sets the rekey byte limit (RFC 4344 §3.2). */
    int cipherBlockSize;
    boolean sentNewKeys;
    boolean receivedNewKeys;

    KexRun(boolean initial, KexInit ours, boolean client) {
        this.exchangeIsClient = client;
        this.initial = initial;
        this.ours = ours;
        this.oursPayload = ours.toPayload();
    }

    /**
     * Whether message {@code id} from the peer may arrive while its side of this exchange is open;
     * throws the PROTOCOL_ERROR that ends the connection if not.
     */
    void checkAllowed(int id, boolean strict) {
        if (id == MessageNumbers.SSH_MSG_DISCONNECT) {
            return; // ends the connection anyway; report the peer's own reason
        }
        boolean kexMessage = id == MessageNumbers.SSH_MSG_NEWKEYS || (id >= 30 && id <= 49);
        if (strict && initial && !kexMessage) {
            // OpenSSH PROTOCOL §1.10: during the initial strict exchange even IGNORE is fatal.
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                    "strict KEX violation: " + MessageNumbers.name(id) + " during initial key exchange");
        }
        boolean generic = id == MessageNumbers.SSH_MSG_IGNORE || id == MessageNumbers.SSH_MSG_UNIMPLEMENTED
                || id == MessageNumbers.SSH_MSG_DEBUG;
        // Numbers of those ranges that nothing assigns: the peer may send them, and they get
        // UNIMPLEMENTED (RFC 4253 §11.4), as OpenSSH's kex_protocol_error answers outside strict kex.
        boolean unassigned = id >= 8 && id <= 19 || id >= 22 && id <= 29;
        if (!kexMessage && !generic && !unassigned) {
            // RFC 4253 §7.1: between KEXINIT and NEWKEYS only transport generic and kex messages.
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                    MessageNumbers.name(id) + " is not allowed during key exchange");
        }
    }

    /** Our KEXINIT; the ext-info and strict-kex markers go only in the first (RFC 8308 §2.1; OpenSSH PROTOCOL §1.10). */
    static KexInit ourKexInit(TransportConfig cfg, boolean initial, TransportPolicy policy) {
        List<String> kexNames = new ArrayList<>(cfg.kexAlgorithms);
        boolean strictKex = policy.strictKex() != null ? policy.strictKex() : cfg.strictKex;
        if (initial) {
            if (cfg.extInfo) {
                kexNames.add(cfg.client ? KexNegotiator.EXT_INFO_C : KexNegotiator.EXT_INFO_S);
            }
            if (strictKex) {
                kexNames.add(cfg.client ? KexNegotiator.STRICT_KEX_C : KexNegotiator.STRICT_KEX_S);
            }
        }
        Bytes cookie = policy.cookie();
        if (cookie == null) {
            byte[] random = new byte[KexInit.COOKIE_LENGTH];
            cfg.crypto.random().nextBytes(random);
            cookie = Bytes.wrap(random);
        }
        KexInit k = KexInit.of(cookie, kexNames, cfg.hostKeyAlgorithms, cfg.ciphers, cfg.macs, cfg.compression);
        if (initial && policy.guessedKexPacket() != null) {
            k = new KexInit(k.cookie(), k.kexAlgorithms(), k.serverHostKeyAlgorithms(), k.encryptionClientToServer(),
                    k.encryptionServerToClient(), k.macClientToServer(), k.macServerToClient(),
                    k.compressionClientToServer(), k.compressionServerToClient(), k.languagesClientToServer(),
                    k.languagesServerToClient(), true, k.reserved());
        }
        return policy.kexInit() != null ? policy.kexInit().rewrite(k, initial) : k;
    }

    void negotiate(boolean client) {
        KexInit c = client ? ours : peers;
        KexInit s = client ? peers : ours;
        negotiated = KexNegotiator.negotiate(c, s, name -> {
            CipherAlgorithm a = CipherAlgorithm.byName(name);
            return a != null && a.isAead();
        });
        // A research policy may offer names we do not implement; the peer may share one.
        Negotiated n = negotiated;
        String unsupported = KexAlgorithm.byName(n.kex()) == null ? n.kex()
                : SignatureAlgorithm.byName(n.hostKey()) == null ? n.hostKey()
                : CipherAlgorithm.byName(n.cipherClientToServer()) == null ? n.cipherClientToServer()
                : CipherAlgorithm.byName(n.cipherServerToClient()) == null ? n.cipherServerToClient()
                : MacAlgorithm.byName(n.macClientToServer()) == null && !"none".equals(n.macClientToServer()) ? n.macClientToServer()
                : MacAlgorithm.byName(n.macServerToClient()) == null && !"none".equals(n.macServerToClient()) ? n.macServerToClient()
                : CompressionAlgorithm.byName(n.compressionClientToServer()) == null ? n.compressionClientToServer()
                : CompressionAlgorithm.byName(n.compressionServerToClient()) == null ? n.compressionServerToClient()
                : null;
        if (unsupported != null) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "negotiated " + unsupported + ", which sshwire does not implement");
        }
    }

    void createExchange(TransportConfig cfg, String clientVersion, String serverVersion) {
        algorithm = KexAlgorithm.byName(negotiated.kex());
        SignatureAlgorithm hostAlg = SignatureAlgorithm.byName(negotiated.hostKey());
        SshKeyPair hostKey = cfg.client ? null : cfg.hostKeyFor(hostAlg);
        Payload clientInit = cfg.client ? oursPayload : peersPayload;
        Payload serverInit = cfg.client ? peersPayload : oursPayload;
        KexContext ctx = new KexContext(cfg.client, clientVersion, serverVersion, clientInit.toBytes(),
                serverInit.toBytes(), cfg.crypto, hostKey, hostAlg, cfg.gexPreferredBits);
        exchange = algorithm.create(ctx);
    }

    /**
     * The {@link KeyLog} lines for this exchange, keyed by our KEXINIT's cookie: our ephemeral
     * private key where Wireshark 4.0 can use one, then K (see {@link KeyLog} for the format).
     */
    List<String> keyLogLines(KexResult r) {
        String cookie = ours.cookie().toHex();
        List<String> lines = new ArrayList<>(2);
        byte[] priv = exchange.keyLogPrivateKey();
        if (priv != null) {
            lines.add(cookie + " " + Bytes.of(priv).toHex());
        }
        // K as hashed is an mpint or a string: skip its 4-byte length.
        lines.add(cookie + " SHARED_SECRET " + Bytes.of(r.encodedK()).slice(4, r.encodedK().length).toHex());
        return lines;
    }

    /**
     * Derives this exchange's keys (RFC 4253 §7.2) and the protections to switch to at NEWKEYS;
     * returns the smaller cipher block size, which sets the rekey byte limit.
     */
    int deriveKeys(CryptoBackend crypto, KexResult r, byte[] sessionId) {
        CipherAlgorithm cC2S = CipherAlgorithm.byName(negotiated.cipherClientToServer());
        CipherAlgorithm cS2C = CipherAlgorithm.byName(negotiated.cipherServerToClient());
        MacAlgorithm mC2S = MacAlgorithm.byName(negotiated.macClientToServer());
        MacAlgorithm mS2C = MacAlgorithm.byName(negotiated.macServerToClient());
        keys = SessionKeys.derive(crypto, algorithm.hash(), r.encodedK(), r.h(), sessionId, cC2S, mC2S, cS2C, mS2C);
        boolean client = exchangeIsClient;
        nextSealer = client ? PacketProtection.sealer(crypto, cC2S, mC2S, keys.clientToServer())
                : PacketProtection.sealer(crypto, cS2C, mS2C, keys.serverToClient());
        nextOpener = client ? PacketProtection.opener(crypto, cS2C, mS2C, keys.serverToClient())
                : PacketProtection.opener(crypto, cC2S, mC2S, keys.clientToServer());
        return Math.min(cC2S.blockSize(), cS2C.blockSize());
    }

    /** The peer has started this exchange and not yet finished its side. */
    boolean peerInProgress() {
        return peers != null && !receivedNewKeys;
    }

    boolean done() {
        return sentNewKeys && receivedNewKeys;
    }
}
