package org.sshwire.transport.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * A FIDO security-key public key (OpenSSH PROTOCOL.u2f): {@code sk-ssh-ed25519@openssh.com} (an
 * Ed25519 key) or {@code sk-ecdsa-sha2-nistp256@openssh.com} (an ECDSA P-256 key), each with the
 * FIDO application string it was enrolled for ({@code "ssh:"} by default).
 *
 * <p>The authenticator signs SHA-256(application) || flags || uint32 counter || SHA-256(data);
 * the signature blob carries the flags and the counter after the signature. {@link #verify}
 * checks the signature only; whether the flags satisfy the login's policy (user presence unless
 * {@code no-touch-required}, user verification under {@code verify-required}) is the verifier's
 * decision, made from {@link #verifyAssertion}.
 *
 * <pre>{@code
 * SecurityKeyPublicKey k = (SecurityKeyPublicKey) SshPublicKey.parse(blob);
 * SecurityKeyPublicKey.Assertion a = k.verifyAssertion(alg, signatureBlob, data, crypto);
 * boolean touched = a != null && a.userPresent();
 * }</pre>
 *
 * @param key         the Ed25519 or ECDSA P-256 key inside
 * @param application the FIDO application (relying party id)
 */
public record SecurityKeyPublicKey(SshPublicKey key, String application) implements SshPublicKey {
    public static final String ED25519 = "sk-ssh-ed25519@openssh.com";
    public static final String ECDSA = "sk-ecdsa-sha2-nistp256@openssh.com";
    /** SSH_SK_USER_PRESENCE_REQD: the user touched the authenticator. */
    public static final int USER_PRESENT = 0x01;
    /** SSH_SK_USER_VERIFICATION_REQD: the authenticator verified the user (PIN, biometrics). */
    public static final int USER_VERIFIED = 0x04;

    /** What the authenticator asserted in a verified signature. */
    public record Assertion(int flags, long counter) {
        public boolean userPresent() {
            return (flags & USER_PRESENT) != 0;
        }

        public boolean userVerified() {
            return (flags & USER_VERIFIED) != 0;
        }
    }

    public SecurityKeyPublicKey {
        if (!(key instanceof Ed25519PublicKey) && !(key instanceof EcdsaPublicKey e && e.curve().equals("nistp256"))) {
            throw new UnsupportedKeyTypeException("security key over " + key.keyType());
        }
        if (application == null) {
            throw new KeyFormatException("security key without application");
        }
    }

    /** Whether {@code type} is a security-key type. */
    public static boolean isType(String type) {
        return type.equals(ED25519) || type.equals(ECDSA);
    }

    /** Reads the fields after the type name (shared with certificates, PROTOCOL.certkeys). */
    static SecurityKeyPublicKey readBody(String type, SshReader r, CryptoBackend crypto) {
        SshPublicKey inner = PublicKeyBlobs.readKeyBody(type.equals(ED25519) ? Ed25519PublicKey.TYPE : "ecdsa-sha2-nistp256", r, crypto);
        return new SecurityKeyPublicKey(inner, r.readUtf8());
    }

    @Override
    public String keyType() {
        return key instanceof Ed25519PublicKey ? ED25519 : ECDSA;
    }

    @Override
    public Bytes blob() {
        SshWriter w = new SshWriter().writeUtf8(keyType());
        if (key instanceof Ed25519PublicKey ed) {
            w.writeString(ed.key());
        } else {
            EcdsaPublicKey ec = (EcdsaPublicKey) key;
            w.writeUtf8(ec.curve()).writeString(ec.point());
        }
        return w.writeUtf8(application).toBytes();
    }

    @Override
    public boolean verify(SignatureAlgorithm alg, Bytes signatureBlob, byte[] data, CryptoBackend crypto) {
        return verifyAssertion(alg, signatureBlob, data, crypto) != null;
    }

    /**
     * Verifies a security-key signature blob ({@code string name || string signature || byte
     * flags || uint32 counter}) over {@code data}; the authenticator's assertion, or null when it
     * does not verify (fails closed on any malformation or a wrong algorithm).
     */
    public Assertion verifyAssertion(SignatureAlgorithm alg, Bytes signatureBlob, byte[] data, CryptoBackend crypto) {
        if (alg == null || signatureBlob == null || !alg.plain().keyType().equals(keyType())) {
            return null;
        }
        try {
            SshReader r = new SshReader(signatureBlob);
            if (!r.readUtf8().equals(alg.signatureName())) {
                return null;
            }
            Bytes sig = r.readString();
            int flags = r.readByte();
            long counter = r.readUint32();
            r.expectEnd();
            byte[] signed = signedData(application, flags, counter, data);
            if (key instanceof Ed25519PublicKey ed) {
                return sig.length() == 64 && crypto.signatures().ed25519Verify(ed.key().toArray(), signed, sig.toArray())
                        ? new Assertion(flags, counter) : null;
            }
            SshReader s = new SshReader(sig);
            BigInteger rr = s.readPositiveMpint();
            BigInteger ss = s.readPositiveMpint();
            s.expectEnd();
            EcdsaPublicKey ec = (EcdsaPublicKey) key;
            // ECDSA over SHA-256 of the whole assertion (ssh-ecdsa-sk.c).
            return crypto.signatures().ecdsaVerify(ec.curve(), ec.point().toArray(), signed, rr, ss)
                    ? new Assertion(flags, counter) : null;
        } catch (WireFormatException | KeyFormatException | IllegalArgumentException e) {
            return null;
        }
    }

    /** What the authenticator signs: SHA-256(application) || flags || counter || SHA-256(data). */
    static byte[] signedData(String application, int flags, long counter, byte[] data) {
        return new SshWriter().writeRaw(sha256(application.getBytes(StandardCharsets.UTF_8))).writeByte(flags)
                .writeUint32(counter).writeRaw(sha256(data)).toByteArray();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
