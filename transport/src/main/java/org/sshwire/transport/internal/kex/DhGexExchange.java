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
 * Diffie-Hellman group exchange, {@code diffie-hellman-group-exchange-sha256} (RFC 4419): the client
 * asks for a group size (REQUEST), the server picks a safe prime from its built-in set (GROUP),
 * then a DH exchange in that group follows (INIT, REPLY). H also covers min, n, max, p and g.
 */
public final class DhGexExchange implements KeyExchange {
    static final int GROUP = 31;
    static final int INIT = 32;
    static final int REPLY = 33;
    public static final int REQUEST = 34;
    /** RFC 8270: groups below 2048 bits are no longer acceptable. */
    static final int MIN_BITS = 2048;
    static final int MAX_BITS = 8192;

    private final KexContext ctx;
    private final KexAlgorithm alg;
    private int min;
    private int preferred;
    private int max;
    private DhGroup group;
    private BigInteger x;
    private BigInteger e;
    private KexResult result;

    public DhGexExchange(KexContext ctx, KexAlgorithm alg) {
        this.ctx = ctx;
        this.alg = alg;
    }

    @Override
    public List<Payload> start() {
        if (!ctx.client()) {
            return List.of();
        }
        min = MIN_BITS;
        max = MAX_BITS;
        preferred = Math.max(MIN_BITS, Math.min(MAX_BITS, ctx.gexPreferredBits()));
        return List.of(new Payload(REQUEST, new SshWriter().writeUint32(min).writeUint32(preferred).writeUint32(max).toBytes()));
    }

    private void generate() {
        BigInteger[] pair = group.generate(ctx.crypto().random(), 2 * group.securityBits());
        x = pair[0];
        e = pair[1];
    }

    @Override
    public List<Payload> receive(Payload m) {
        if (result != null) {
            throw KexMessages.unexpected(alg, m);
        }
        SshReader r = m.reader();
        if (ctx.client() && group == null && m.msgId() == GROUP) {
            BigInteger p = r.readPositiveMpint();
            BigInteger g = r.readPositiveMpint();
            r.expectEnd();
            // RFC 4419 §3: the group must lie within what we asked for.
            if (p.bitLength() < min || p.bitLength() > max || !p.testBit(0)
                    || g.compareTo(BigInteger.TWO) < 0 || g.compareTo(p.subtract(BigInteger.TWO)) > 0) {
                throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                        "server sent an unacceptable " + p.bitLength() + "-bit DH group (asked for " + min + ".." + max + ")");
            }
            group = new DhGroup("gex-" + p.bitLength(), p, g);
            generate();
            return List.of(new Payload(INIT, new SshWriter().writeMpint(e).toBytes()));
        }
        if (ctx.client() && group != null && x != null && m.msgId() == REPLY) {
            Bytes hostKey = r.readString();
            BigInteger f = r.readMpint();
            Bytes sig = r.readString();
            r.expectEnd();
            byte[] k = DhExchange.mpint(agree(f));
            result = new KexResult(k, hash(hostKey, e, f, k), hostKey, sig);
            return List.of();
        }
        if (!ctx.client() && group == null && m.msgId() == REQUEST) {
            min = (int) Math.min(Integer.MAX_VALUE, r.readUint32());
            preferred = (int) Math.min(Integer.MAX_VALUE, r.readUint32());
            max = (int) Math.min(Integer.MAX_VALUE, r.readUint32());
            r.expectEnd();
            if (min > preferred || preferred > max) {
                throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                        "invalid group exchange request " + min + " <= " + preferred + " <= " + max);
            }
            group = DhGroup.chooseForGex(Math.max(min, MIN_BITS), Math.max(preferred, MIN_BITS), max);
            if (group == null) {
                throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                        "no DH group of " + min + ".." + max + " bits available");
            }
            generate();
            return List.of(new Payload(GROUP, new SshWriter().writeMpint(group.p()).writeMpint(group.g()).toBytes()));
        }
        if (!ctx.client() && group != null && m.msgId() == INIT) {
            BigInteger peerE = r.readMpint();
            r.expectEnd();
            byte[] k = DhExchange.mpint(agree(peerE));
            Bytes hostKey = ExchangeHash.hostKeyBlob(ctx);
            byte[] h = hash(hostKey, peerE, e, k);
            Bytes sig = ExchangeHash.sign(ctx, h);
            result = new KexResult(k, h, hostKey, sig);
            return List.of(new Payload(REPLY, new SshWriter().writeString(hostKey).writeMpint(e).writeString(sig).toBytes()));
        }
        throw KexMessages.unexpected(alg, m);
    }

    private BigInteger agree(BigInteger peer) {
        try {
            return group.agree(x, peer);
        } catch (IllegalArgumentException ex) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "invalid DH public value from peer: " + ex.getMessage());
        }
    }

    private byte[] hash(Bytes hostKey, BigInteger clientE, BigInteger serverF, byte[] k) {
        return exchangeHash(ctx, alg, hostKey, new long[] {min, preferred, max}, group, clientE, serverF, k);
    }

    /**
     * H = HASH(V_C || V_S || I_C || I_S || K_S || min || n || max || p || g || e || f || K)
     * (RFC 4419 §3); {@code request} is {min, n, max}, or just {n} for the old request (§5).
     */
    public static byte[] exchangeHash(KexContext ctx, KexAlgorithm alg, Bytes hostKey, long[] request, DhGroup group,
                               BigInteger e, BigInteger f, byte[] k) {
        SshWriter w = ExchangeHash.begin(ctx, hostKey);
        for (long v : request) {
            w.writeUint32(v);
        }
        w.writeMpint(group.p()).writeMpint(group.g());
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
