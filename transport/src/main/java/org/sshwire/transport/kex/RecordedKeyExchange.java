package org.sshwire.transport.kex;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.transport.internal.kex.DhExchange;
import org.sshwire.transport.internal.kex.DhGexExchange;
import org.sshwire.transport.internal.kex.DhGroup;
import org.sshwire.transport.internal.kex.EcdhExchange;
import org.sshwire.transport.internal.kex.HybridKemExchange;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.kex.KexContext;
import org.sshwire.transport.internal.kex.KexResult;

/**
 * Recomputes K and H of a recorded key exchange from one side's ephemeral secret and both sides'
 * recorded messages (research surface, DESIGN §5): the offline half of a session decoder. It uses
 * the same exchange-hash layouts as the live methods.
 */
public final class RecordedKeyExchange {
    private RecordedKeyExchange() {
    }

    /** One side's ephemeral secret. */
    public sealed interface Secret {
    }

    /** An X25519 private key (curve25519-sha256). */
    public record X25519Key(byte[] privateKey) implements Secret {
    }

    /** A NIST-curve private scalar (ecdh-sha2-*). */
    public record EcdhScalar(byte[] scalar) implements Secret {
    }

    /** A finite-field DH private exponent (diffie-hellman-group*, group exchange). */
    public record DhExponent(BigInteger x) implements Secret {
    }

    /** The client's ML-KEM-768 seed (d || z) and X25519 key (mlkem768x25519-sha256). */
    public record HybridClientKeys(byte[] mlkemSeed, byte[] x25519PrivateKey) implements Secret {
    }

    /**
     * The shared secret K as a {@code SHARED_SECRET} key log line gives it (see
     * {@link org.sshwire.transport.KeyLog}): the bytes of K's mpint (DH, ECDH, curve25519) or of
     * its string (the KEM hybrids) without the 4-byte length. It decides H and the keys of any
     * method, whichever side logged it.
     */
    public record SharedSecret(byte[] k) implements Secret {
        public SharedSecret {
            k = k.clone();
        }

        @Override
        public byte[] k() {
            return k.clone();
        }
    }

    /**
     * @param client  the client's key exchange messages (numbers 30–49), in order
     * @param server  the server's, in order
     * @param secretIsClients whose secret {@code secret} is
     * @throws IllegalArgumentException when the secret does not match what that side sent
     */
    public static KexResult recompute(KexAlgorithm alg, KexContext ctx, List<Payload> client, List<Payload> server,
                                      boolean secretIsClients, Secret secret) {
        KeyAgreements ka = ctx.crypto().keyAgreements();
        if (alg == KexAlgorithm.CURVE25519_SHA256 || alg == KexAlgorithm.CURVE25519_SHA256_LIBSSH
                || alg == KexAlgorithm.ECDH_NISTP256 || alg == KexAlgorithm.ECDH_NISTP384 || alg == KexAlgorithm.ECDH_NISTP521) {
            byte[] qc = single(client.get(0));
            Reply r = Reply.of(server.get(0));
            byte[] qs = r.value.toArray();
            byte[] mine = secretIsClients ? qc : qs;
            byte[] peer = secretIsClients ? qs : qc;
            byte[] shared;
            if (secret instanceof SharedSecret ss) {
                byte[] k = mpint(ss);
                return new KexResult(k, EcdhExchange.exchangeHash(ctx, alg, r.hostKey, qc, qs, k), r.hostKey, r.signature);
            } else if (secret instanceof X25519Key x) {
                require(Arrays.equals(ka.x25519Public(x.privateKey()), mine), "X25519 key");
                shared = ka.x25519Agree(x.privateKey(), peer);
            } else {
                String curve = alg.name().substring("ecdh-sha2-".length());
                byte[] scalar = ((EcdhScalar) secret).scalar();
                require(Arrays.equals(ka.ecdhFromPrivate(curve, scalar).publicPoint(), mine), "ECDH scalar");
                shared = ka.ecdhAgree(curve, scalar, peer);
            }
            byte[] k = EcdhExchange.encodeK(shared);
            return new KexResult(k, EcdhExchange.exchangeHash(ctx, alg, r.hostKey, qc, qs, k), r.hostKey, r.signature);
        }
        if (alg == KexAlgorithm.DH_GEX_SHA256 || alg == KexAlgorithm.DH_GEX_SHA1) {
            SshReader req = client.get(0).reader();
            long[] request = client.get(0).msgId() == DhGexExchange.REQUEST
                    ? new long[] {req.readUint32(), req.readUint32(), req.readUint32()}
                    : new long[] {req.readUint32()};
            SshReader grp = server.get(0).reader();
            DhGroup group = new DhGroup("recorded", grp.readMpint(), grp.readMpint());
            BigInteger e = new SshReader(client.get(1).body()).readMpint();
            Reply r = Reply.ofMpint(server.get(1));
            return dh(ctx, alg, group, e, r, secretIsClients, secret, request);
        }
        if (isHybrid(alg) && secret instanceof SharedSecret ss) {
            byte[] init = single(client.get(0));
            Reply r = Reply.of(server.get(0));
            byte[] k = new SshWriter().writeString(ss.k()).toByteArray();
            return new KexResult(k, HybridKemExchange.exchangeHash(ctx, alg, r.hostKey, init, r.value.toArray(), k),
                    r.hostKey, r.signature);
        }
        if (alg == KexAlgorithm.MLKEM768X25519_SHA256) {
            if (!secretIsClients) {
                throw new IllegalArgumentException("only the client's secrets of a KEM exchange decide K");
            }
            HybridClientKeys keys = (HybridClientKeys) secret;
            byte[] init = single(client.get(0));
            Reply r = Reply.of(server.get(0));
            byte[] reply = r.value.toArray();
            KeyAgreements.KemKeyPair kem = ka.mlkem768FromSeed(keys.mlkemSeed());
            byte[] expectInit = concat(kem.publicKey(), ka.x25519Public(keys.x25519PrivateKey()));
            require(Arrays.equals(expectInit, init), "ML-KEM seed and X25519 key");
            int ctLen = KeyAgreements.MLKEM768_CIPHERTEXT_LENGTH;
            byte[] kemSecret = ka.mlkem768Decapsulate(kem.privateKey(), Arrays.copyOf(reply, ctLen));
            byte[] x = ka.x25519Agree(keys.x25519PrivateKey(), Arrays.copyOfRange(reply, ctLen, reply.length));
            byte[] k = HybridKemExchange.sharedSecret(ctx, alg, kemSecret, x);
            return new KexResult(k, HybridKemExchange.exchangeHash(ctx, alg, r.hostKey, init, reply, k), r.hostKey, r.signature);
        }
        for (KexAlgorithm fixed : List.of(KexAlgorithm.DH_GROUP1_SHA1, KexAlgorithm.DH_GROUP14_SHA1,
                KexAlgorithm.DH_GROUP14_SHA256, KexAlgorithm.DH_GROUP16_SHA512, KexAlgorithm.DH_GROUP18_SHA512)) {
            if (alg == fixed) {
                DhGroup group = alg == KexAlgorithm.DH_GROUP1_SHA1 ? DhGroup.GROUP1
                        : alg == KexAlgorithm.DH_GROUP16_SHA512 ? DhGroup.GROUP16
                        : alg == KexAlgorithm.DH_GROUP18_SHA512 ? DhGroup.GROUP18 : DhGroup.GROUP14;
                BigInteger e = new SshReader(client.get(0).body()).readMpint();
                return dh(ctx, alg, group, e, Reply.ofMpint(server.get(0)), secretIsClients, secret, null);
            }
        }
        throw new IllegalArgumentException("cannot recompute " + alg.name() + " offline");
    }

    private static KexResult dh(KexContext ctx, KexAlgorithm alg, DhGroup group, BigInteger e, Reply r,
                                boolean secretIsClients, Secret secret, long[] gexRequest) {
        BigInteger f = r.mpint;
        byte[] k;
        if (secret instanceof SharedSecret ss) {
            k = mpint(ss);
        } else {
            DhExponent x = (DhExponent) secret;
            BigInteger mine = secretIsClients ? e : f;
            require(group.g().modPow(x.x(), group.p()).equals(mine), "DH exponent");
            k = DhExchange.mpint(group.agree(x.x(), secretIsClients ? f : e));
        }
        byte[] h = gexRequest == null
                ? DhExchange.exchangeHash(ctx, alg, r.hostKey, e, f, k)
                : DhGexExchange.exchangeHash(ctx, alg, r.hostKey, gexRequest, group, e, f, k);
        return new KexResult(k, h, r.hostKey, r.signature);
    }

    /** The hybrids hash K as a string (draft-ietf-sshm-mlkem-hybrid-kex, OpenSSH PROTOCOL sntrup761x25519). */
    private static boolean isHybrid(KexAlgorithm alg) {
        return alg == KexAlgorithm.MLKEM768X25519_SHA256 || alg == KexAlgorithm.MLKEM768NISTP256_SHA256
                || alg == KexAlgorithm.SNTRUP761X25519_SHA512 || alg == KexAlgorithm.SNTRUP761X25519_SHA512_OPENSSH;
    }

    /** K of a DH-like method as the logged magnitude, re-encoded as the mpint the hash takes (RFC 4251 §5). */
    private static byte[] mpint(SharedSecret ss) {
        return DhExchange.mpint(new BigInteger(1, ss.k()));
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what + " does not produce the recorded public value");
        }
    }

    private static byte[] single(Payload p) {
        SshReader r = p.reader();
        byte[] v = r.readStringArray();
        r.expectEnd();
        return v;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The server's reply: K_S, its public value (a string or an mpint), and the signature. */
    private record Reply(Bytes hostKey, Bytes value, BigInteger mpint, Bytes signature) {
        static Reply of(Payload p) {
            SshReader r = p.reader();
            Reply reply = new Reply(r.readString(), r.readString(), null, r.readString());
            r.expectEnd();
            return reply;
        }

        static Reply ofMpint(Payload p) {
            SshReader r = p.reader();
            Reply reply = new Reply(r.readString(), null, r.readMpint(), r.readString());
            r.expectEnd();
            if (reply.hostKey.isEmpty()) {
                throw new WireFormatException(0, "empty host key");
            }
            return reply;
        }
    }
}
