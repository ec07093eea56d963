package org.sshwire.transport.internal.kex;

import java.util.Arrays;
import java.util.List;
import org.sshwire.transport.TransportException;
import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * Post-quantum hybrids, {@code mlkem768x25519-sha256} and {@code mlkem768nistp256-sha256}
 * (draft-ietf-sshm-mlkem-hybrid-kex §2) and {@code sntrup761x25519-sha512@openssh.com} (OpenSSH):
 * the client sends C_INIT = C_PK2 || C_PK1 (KEM public key || classical ECDH public key); the
 * server encapsulates and replies S_REPLY = S_CT2 || S_PK1 (KEM ciphertext || its ECDH public
 * key); K = HASH(K_PQ || K_CL), which is hashed and derived from as a string. K_CL is the X25519
 * output (RFC 7748) or, for P-256, the x-coordinate of the shared point as 32 fixed-length bytes
 * (the draft's "fixed-length octet string", SEC1 §2.3.5 — not RFC 5656's mpint); the P-256 public
 * values are uncompressed SEC1 points of 65 bytes, validated on the curve (RFC 5656 §4).
 */
public final class HybridKemExchange implements KeyExchange {
    static final int INIT = 30;
    static final int REPLY = 31;

    /** Which KEM is paired with X25519. */
    enum Kem {
        MLKEM768(KeyAgreements.MLKEM768_PUBLIC_LENGTH, KeyAgreements.MLKEM768_CIPHERTEXT_LENGTH),
        SNTRUP761(KeyAgreements.SNTRUP761_PUBLIC_LENGTH, KeyAgreements.SNTRUP761_CIPHERTEXT_LENGTH);

        final int publicLength;
        final int ciphertextLength;

        Kem(int publicLength, int ciphertextLength) {
            this.publicLength = publicLength;
            this.ciphertextLength = ciphertextLength;
        }
    }

    /** The classical (ECDH) half of the hybrid. */
    enum Classical {
        X25519(KeyAgreements.X25519_LENGTH),
        /** Uncompressed SEC1 point 0x04 || X || Y. */
        NISTP256(65);

        final int publicLength;

        Classical(int publicLength) {
            this.publicLength = publicLength;
        }
    }

    private final KexContext ctx;
    private final KexAlgorithm alg;
    private final Kem kem;
    private final Classical classical;
    private final KeyAgreements ka;
    private KeyAgreements.KemKeyPair kemKeys;
    private byte[] ecPrivate;
    private byte[] ecPublic;
    private KexResult result;

    public HybridKemExchange(KexContext ctx, KexAlgorithm alg, Kem kem) {
        this(ctx, alg, kem, Classical.X25519);
    }

    public HybridKemExchange(KexContext ctx, KexAlgorithm alg, Kem kem, Classical classical) {
        this.ctx = ctx;
        this.alg = alg;
        this.kem = kem;
        this.classical = classical;
        this.ka = ctx.crypto().keyAgreements();
    }

    /** For replaying recorded sessions and known-answer tests: known ECDH private key and (client) ML-KEM seed. */
    void useEphemeralKeys(byte[] ecPrivateKey, byte[] mlkemSeed) {
        ecPrivate = ecPrivateKey.clone();
        ecPublic = classical == Classical.X25519 ? ka.x25519Public(ecPrivate)
                : ka.ecdhFromPrivate("nistp256", ecPrivate).publicPoint();
        if (mlkemSeed != null) {
            kemKeys = ka.mlkem768FromSeed(mlkemSeed);
        }
    }

    private void generate() {
        if (classical == Classical.X25519) {
            ecPrivate = new byte[KeyAgreements.X25519_LENGTH];
            ctx.crypto().random().nextBytes(ecPrivate);
            ecPublic = ka.x25519Public(ecPrivate);
        } else {
            KeyAgreements.EcKeyPair kp = ka.ecdhGenerate("nistp256");
            ecPrivate = kp.privateScalar();
            ecPublic = kp.publicPoint();
        }
    }

    /** K_CL: throws IllegalArgumentException for an invalid peer value (low order, off the curve). */
    private byte[] classicalSecret(byte[] peer) {
        return classical == Classical.X25519 ? ka.x25519Agree(ecPrivate, peer) : ka.ecdhAgree("nistp256", ecPrivate, peer);
    }

    @Override
    public List<Payload> start() {
        if (ecPrivate == null) {
            generate();
        }
        if (!ctx.client()) {
            return List.of();
        }
        if (kemKeys == null) {
            kemKeys = kem == Kem.MLKEM768 ? ka.mlkem768Generate() : ka.sntrup761Generate();
        }
        byte[] init = concat(kemKeys.publicKey(), ecPublic);
        return List.of(new Payload(INIT, new SshWriter(init.length + 4).writeString(init).toBytes()));
    }

    @Override
    public List<Payload> receive(Payload m) {
        if (result != null) {
            throw KexMessages.unexpected(alg, m);
        }
        SshReader r = m.reader();
        try {
            if (ctx.client() && m.msgId() == REPLY) {
                Bytes hostKey = r.readString();
                byte[] reply = r.readStringArray();
                Bytes sig = r.readString();
                r.expectEnd();
                if (reply.length != kem.ciphertextLength + classical.publicLength) {
                    throw invalid("S_REPLY of " + reply.length + " bytes");
                }
                byte[] ct = Arrays.copyOfRange(reply, 0, kem.ciphertextLength);
                byte[] peer = Arrays.copyOfRange(reply, kem.ciphertextLength, reply.length);
                byte[] kemSecret = kem == Kem.MLKEM768
                        ? ka.mlkem768Decapsulate(kemKeys.privateKey(), ct)
                        : ka.sntrup761Decapsulate(kemKeys.privateKey(), ct);
                byte[] k = sharedSecret(kemSecret, classicalSecret(peer));
                byte[] init = concat(kemKeys.publicKey(), ecPublic);
                result = new KexResult(k, hash(hostKey, init, reply, k), hostKey, sig);
                return List.of();
            }
            if (!ctx.client() && m.msgId() == INIT) {
                byte[] init = r.readStringArray();
                r.expectEnd();
                if (init.length != kem.publicLength + classical.publicLength) {
                    throw invalid("C_INIT of " + init.length + " bytes");
                }
                byte[] kemPublic = Arrays.copyOfRange(init, 0, kem.publicLength);
                byte[] peer = Arrays.copyOfRange(init, kem.publicLength, init.length);
                KeyAgreements.KemEncapsulation enc = kem == Kem.MLKEM768
                        ? ka.mlkem768Encapsulate(kemPublic) : ka.sntrup761Encapsulate(kemPublic);
                byte[] k = sharedSecret(enc.sharedSecret(), classicalSecret(peer));
                byte[] reply = concat(enc.ciphertext(), ecPublic);
                Bytes hostKey = ExchangeHash.hostKeyBlob(ctx);
                byte[] h = hash(hostKey, init, reply, k);
                Bytes sig = ExchangeHash.sign(ctx, h);
                result = new KexResult(k, h, hostKey, sig);
                return List.of(new Payload(REPLY, new SshWriter().writeString(hostKey).writeString(reply).writeString(sig).toBytes()));
            }
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        throw KexMessages.unexpected(alg, m);
    }

    private TransportException invalid(String what) {
        return new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "invalid " + alg.name() + " value from peer: " + what);
    }

    private byte[] sharedSecret(byte[] kemSecret, byte[] classicalSecret) {
        return sharedSecret(ctx, alg, kemSecret, classicalSecret);
    }

    /** K = string(HASH(K_PQ || K_CL)). */
    public static byte[] sharedSecret(KexContext ctx, KexAlgorithm alg, byte[] kemSecret, byte[] classicalSecret) {
        Digest d = ctx.crypto().digest(alg.hash());
        d.update(kemSecret);
        d.update(classicalSecret);
        return new SshWriter().writeString(d.digest()).toByteArray();
    }

    private byte[] hash(Bytes hostKey, byte[] init, byte[] reply, byte[] k) {
        return exchangeHash(ctx, alg, hostKey, init, reply, k);
    }

    /** H = HASH(V_C || V_S || I_C || I_S || K_S || C_INIT || S_REPLY || K). */
    public static byte[] exchangeHash(KexContext ctx, KexAlgorithm alg, Bytes hostKey, byte[] init, byte[] reply, byte[] k) {
        SshWriter w = ExchangeHash.begin(ctx, hostKey);
        w.writeString(init).writeString(reply).writeRaw(k);
        return ExchangeHash.digest(ctx.crypto().digest(alg.hash()), w);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public KexResult result() {
        return result;
    }
}
