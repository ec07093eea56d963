package org.sshwire.transport.internal.kex;

import java.util.List;
import org.sshwire.transport.TransportException;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * Elliptic-curve Diffie-Hellman: {@code curve25519-sha256} (RFC 8731) and
 * {@code ecdh-sha2-nistp256/384/521} (RFC 5656 §4). The client sends Q_C in
 * SSH_MSG_KEX_ECDH_INIT; the server answers K_S, Q_S and its signature in SSH_MSG_KEX_ECDH_REPLY;
 * H covers Q_C, Q_S and K as an mpint.
 */
public final class EcdhExchange implements KeyExchange {
    static final int INIT = 30;
    static final int REPLY = 31;

    private final KexContext ctx;
    private final KexAlgorithm alg;
    private final String curve; // null for X25519
    private final KeyAgreements ka;
    private byte[] privateKey;
    private byte[] publicKey;
    private KexResult result;

    public EcdhExchange(KexContext ctx, KexAlgorithm alg, String curve) {
        this.ctx = ctx;
        this.alg = alg;
        this.curve = curve;
        this.ka = ctx.crypto().keyAgreements();
    }

    private void generate() {
        if (curve == null) {
            privateKey = new byte[KeyAgreements.X25519_LENGTH];
            ctx.crypto().random().nextBytes(privateKey);
            publicKey = ka.x25519Public(privateKey);
        } else {
            KeyAgreements.EcKeyPair kp = ka.ecdhGenerate(curve);
            privateKey = kp.privateScalar();
            publicKey = kp.publicPoint();
        }
    }

    /** For replaying recorded sessions: use a known ephemeral private key. */
    void useEphemeralPrivateKey(byte[] key) {
        privateKey = key.clone();
        publicKey = curve == null ? ka.x25519Public(privateKey) : ka.ecdhFromPrivate(curve, privateKey).publicPoint();
    }

    private byte[] agree(byte[] peer) {
        try {
            return encodeK(curve == null ? ka.x25519Agree(privateKey, peer) : ka.ecdhAgree(curve, privateKey, peer));
        } catch (IllegalArgumentException e) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "invalid " + alg.name() + " public value from peer: " + e.getMessage());
        }
    }

    @Override
    public List<Payload> start() {
        if (publicKey == null) {
            generate();
        }
        if (!ctx.client()) {
            return List.of();
        }
        return List.of(new Payload(INIT, new SshWriter(publicKey.length + 4).writeString(publicKey).toBytes()));
    }

    @Override
    public List<Payload> receive(Payload m) {
        if (result != null) {
            throw KexMessages.unexpected(alg, m);
        }
        if (ctx.client() && m.msgId() == REPLY) {
            SshReader r = m.reader();
            Bytes hostKey = r.readString();
            byte[] qs = r.readStringArray();
            Bytes sig = r.readString();
            r.expectEnd();
            byte[] k = agree(qs);
            result = new KexResult(k, hash(hostKey, publicKey, qs, k), hostKey, sig);
            return List.of();
        }
        if (!ctx.client() && m.msgId() == INIT) {
            SshReader r = m.reader();
            byte[] qc = r.readStringArray();
            r.expectEnd();
            byte[] k = agree(qc);
            Bytes hostKey = ExchangeHash.hostKeyBlob(ctx);
            byte[] h = hash(hostKey, qc, publicKey, k);
            Bytes sig = ExchangeHash.sign(ctx, h);
            result = new KexResult(k, h, hostKey, sig);
            return List.of(new Payload(REPLY, new SshWriter().writeString(hostKey).writeString(publicKey).writeString(sig).toBytes()));
        }
        throw KexMessages.unexpected(alg, m);
    }

    private byte[] hash(Bytes hostKey, byte[] qc, byte[] qs, byte[] k) {
        return exchangeHash(ctx, alg, hostKey, qc, qs, k);
    }

    /** RFC 8731 §3.1 / RFC 5656 §4: K is the shared value as an unsigned mpint. */
    public static byte[] encodeK(byte[] shared) {
        return new SshWriter(shared.length + 5).writeMpintUnsigned(shared).toByteArray();
    }

    /** H = HASH(V_C || V_S || I_C || I_S || K_S || Q_C || Q_S || K) (RFC 5656 §4). */
    public static byte[] exchangeHash(KexContext ctx, KexAlgorithm alg, Bytes hostKey, byte[] qc, byte[] qs, byte[] k) {
        SshWriter w = ExchangeHash.begin(ctx, hostKey);
        w.writeString(qc).writeString(qs).writeRaw(k);
        return ExchangeHash.digest(ctx.crypto().digest(alg.hash()), w);
    }

    @Override
    public KexResult result() {
        return result;
    }

    @Override
    public byte[] keyLogPrivateKey() {
        return curve == null && privateKey != null ? privateKey.clone() : null; // Wireshark decrypts X25519 only
    }
}
