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
 * Post-quantum hybrids, {@code mlkem768x25519-sha256} (draft-ietf-sshm-mlkem-hybrid-kex) and
 * {@code sntrup761x25519-sha512@openssh.com} (OpenSSH): the client sends C_INIT = KEM public key
 * || X25519 public key; the server encapsulates and replies S_REPLY = KEM ciphertext || X25519
 * public key; K = HASH(K_kem || K_x25519), which is hashed and derived from as a string.
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

    private final KexContext ctx;
    private final KexAlgorithm alg;
    private final Kem kem;
    private final KeyAgreements ka;
    private KeyAgreements.KemKeyPair kemKeys;
    private byte[] x25519Private;
    private byte[] x25519Public;
    private KexResult result;

    public HybridKemExchange(KexContext ctx, KexAlgorithm alg, Kem kem) {
        this.ctx = ctx;
        this.alg = alg;
        this.kem = kem;
        this.ka = ctx.crypto().keyAgreements();
    }

    /** For replaying recorded sessions: known X25519 private key and (client) ML-KEM seed. */
    void useEphemeralKeys(byte[] x25519PrivateKey, byte[] mlkemSeed) {
        x25519Private = x25519PrivateKey.clone();
        x25519Public = ka.x25519Public(x25519Private);
        if (mlkemSeed != null) {
            kemKeys = ka.mlkem768FromSeed(mlkemSeed);
        }
    }

    @Override
    public List<Payload> start() {
        if (x25519Private == null) {
            x25519Private = new byte[KeyAgreements.X25519_LENGTH];
            ctx.crypto().random().nextBytes(x25519Private);
            x25519Public = ka.x25519Public(x25519Private);
        }
        if (!ctx.client()) {
            return List.of();
        }
        if (kemKeys == null) {
            kemKeys = kem == Kem.MLKEM768 ? ka.mlkem768Generate() : ka.sntrup761Generate();
        }
        byte[] init = concat(kemKeys.publicKey(), x25519Public);
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
                if (reply.length != kem.ciphertextLength + KeyAgreements.X25519_LENGTH) {
                    throw invalid("S_REPLY of " + reply.length + " bytes");
                }
                byte[] ct = Arrays.copyOfRange(reply, 0, kem.ciphertextLength);
                byte[] peer = Arrays.copyOfRange(reply, kem.ciphertextLength, reply.length);
                byte[] kemSecret = kem == Kem.MLKEM768
                        ? ka.mlkem768Decapsulate(kemKeys.privateKey(), ct)
                        : ka.sntrup761Decapsulate(kemKeys.privateKey(), ct);
                byte[] k = sharedSecret(kemSecret, ka.x25519Agree(x25519Private, peer));
                byte[] init = concat(kemKeys.publicKey(), x25519Public);
                result = new KexResult(k, hash(hostKey, init, reply, k), hostKey, sig);
                return List.of();
            }
            if (!ctx.client() && m.msgId() == INIT) {
                byte[] init = r.readStringArray();
                r.expectEnd();
                if (init.length != kem.publicLength + KeyAgreements.X25519_LENGTH) {
                    throw invalid("C_INIT of " + init.length + " bytes");
                }
                byte[] kemPublic = Arrays.copyOfRange(init, 0, kem.publicLength);
                byte[] peer = Arrays.copyOfRange(init, kem.publicLength, init.length);
                KeyAgreements.KemEncapsulation enc = kem == Kem.MLKEM768
                        ? ka.mlkem768Encapsulate(kemPublic) : ka.sntrup761Encapsulate(kemPublic);
                byte[] k = sharedSecret(enc.sharedSecret(), ka.x25519Agree(x25519Private, peer));
                byte[] reply = concat(enc.ciphertext(), x25519Public);
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

    private byte[] sharedSecret(byte[] kemSecret, byte[] x25519Secret) {
        return sharedSecret(ctx, alg, kemSecret, x25519Secret);
    }

    /** K = string(HASH(K_kem || K_x25519)). */
    public static byte[] sharedSecret(KexContext ctx, KexAlgorithm alg, byte[] kemSecret, byte[] x25519Secret) {
        Digest d = ctx.crypto().digest(alg.hash());
        d.update(kemSecret);
        d.update(x25519Secret);
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
