package org.sshwire.transport.internal.kex;

import java.math.BigInteger;
import java.util.List;
import org.sshwire.transport.TransportException;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * Finite-field Diffie-Hellman over a fixed group (RFC 4253 §8, RFC 8268):
 * SSH_MSG_KEXDH_INIT carries e, SSH_MSG_KEXDH_REPLY carries K_S, f and the signature.
 */
public final class DhExchange implements KeyExchange {
    static final int INIT = 30;
    static final int REPLY = 31;

    private final KexContext ctx;
    private final KexAlgorithm alg;
    private final DhGroup group;
    private BigInteger x;
    private BigInteger e;
    private KexResult result;

    public DhExchange(KexContext ctx, KexAlgorithm alg, DhGroup group) {
        this.ctx = ctx;
        this.alg = alg;
        this.group = group;
    }

    /** For replaying recorded sessions: use a known private exponent. */
    void useEphemeralPrivateKey(BigInteger exponent) {
        x = exponent;
        e = group.g().modPow(x, group.p());
    }

    @Override
    public List<Payload> start() {
        if (x == null) {
            BigInteger[] pair = group.generate(ctx.crypto().random(), 2 * group.securityBits());
            x = pair[0];
            e = pair[1];
        }
        if (!ctx.client()) {
            return List.of();
        }
        return List.of(new Payload(INIT, new SshWriter().writeMpint(e).toBytes()));
    }

    private BigInteger agree(BigInteger peer) {
        try {
            return group.agree(x, peer);
        } catch (IllegalArgumentException ex) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "invalid DH public value from peer for " + alg.name() + ": " + ex.getMessage());
        }
    }

    @Override
    public List<Payload> receive(Payload m) {
        if (result != null) {
            throw KexMessages.unexpected(alg, m);
        }
        if (ctx.client() && m.msgId() == REPLY) {
            SshReader r = m.reader();
            Bytes hostKey = r.readString();
            BigInteger f = r.readMpint();
            Bytes sig = r.readString();
            r.expectEnd();
            byte[] k = mpint(agree(f));
            result = new KexResult(k, hash(hostKey, e, f, k), hostKey, sig);
            return List.of();
        }
        if (!ctx.client() && m.msgId() == INIT) {
            SshReader r = m.reader();
            BigInteger peerE = r.readMpint();
            r.expectEnd();
            byte[] k = mpint(agree(peerE));
            Bytes hostKey = ExchangeHash.hostKeyBlob(ctx);
            byte[] h = hash(hostKey, peerE, e, k);
            Bytes sig = ExchangeHash.sign(ctx, h);
            result = new KexResult(k, h, hostKey, sig);
            return List.of(new Payload(REPLY, new SshWriter().writeString(hostKey).writeMpint(e).writeString(sig).toBytes()));
        }
        throw KexMessages.unexpected(alg, m);
    }

    public static byte[] mpint(BigInteger v) {
        return new SshWriter().writeMpint(v).toByteArray();
    }

    private byte[] hash(Bytes hostKey, BigInteger clientE, BigInteger serverF, byte[] k) {
        return exchangeHash(ctx, alg, hostKey, clientE, serverF, k);
    }

    /** H = HASH(V_C || V_S || I_C || I_S || K_S || e || f || K) (RFC 4253 §8). */
    public static byte[] exchangeHash(KexContext ctx, KexAlgorithm alg, Bytes hostKey, BigInteger e, BigInteger f, byte[] k) {
        SshWriter w = ExchangeHash.begin(ctx, hostKey);
        w.writeMpint(e).writeMpint(f).writeRaw(k);
        return ExchangeHash.digest(ctx.crypto().digest(alg.hash()), w);
    }

    @Override
    public KexResult result() {
        return result;
    }

    @Override
    public byte[] keyLogPrivateKey() {
        return x == null ? null : KeyLogFormat.unsigned(x);
    }
}
