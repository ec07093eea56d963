package org.sshwire.transport.crypto.internal.bc;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.sshwire.transport.crypto.KeyAgreements;

/** Key agreements from Bouncy Castle's lightweight API; all randomness from the backend's. */
final class BcKeyAgreements implements KeyAgreements {
    private final SecureRandom random;
    private final BcMlKem768 mlkem;
    private final BcSntrup761 sntrup;

    BcKeyAgreements(SecureRandom random) {
        this.random = random;
        this.mlkem = new BcMlKem768(random);
        this.sntrup = new BcSntrup761(random);
    }

    @Override
    public byte[] x25519Public(byte[] privateKey32) {
        requireLength("X25519 private key", privateKey32, X25519_LENGTH);
        byte[] pub = new byte[X25519_LENGTH];
        X25519.scalarMultBase(privateKey32, 0, pub, 0); // clamps a copy (RFC 7748 §5)
        return pub;
    }

    @Override
    public byte[] x25519Agree(byte[] privateKey32, byte[] peerPublic32) {
        requireLength("X25519 private key", privateKey32, X25519_LENGTH);
        requireLength("X25519 peer public key", peerPublic32, X25519_LENGTH);
        byte[] shared = new byte[X25519_LENGTH];
        // calculateAgreement returns false for an all-zero result; RFC 8731 §3 requires abort.
        if (!X25519.calculateAgreement(privateKey32, 0, peerPublic32, 0, shared, 0)) {
            throw new IllegalArgumentException("X25519 shared secret is all zero (low-order peer key)");
        }
        return shared;
    }

    @Override
    public EcKeyPair ecdhGenerate(String curve) {
        return BcEcdh.forName(curve).generate(random);
    }

    @Override
    public EcKeyPair ecdhFromPrivate(String curve, byte[] scalar) {
        return BcEcdh.forName(curve).fromPrivate(scalar);
    }

    @Override
    public byte[] ecdhAgree(String curve, byte[] privateScalar, byte[] peerPoint) {
        return BcEcdh.forName(curve).agree(privateScalar, peerPoint);
    }

    @Override
    public KemKeyPair mlkem768Generate() {
        return mlkem.generate();
    }

    @Override
    public KemKeyPair mlkem768FromSeed(byte[] seed64) {
        return mlkem.fromSeed(seed64);
    }

    @Override
    public KemEncapsulation mlkem768Encapsulate(byte[] publicKey) {
        return mlkem.encapsulate(publicKey);
    }

    @Override
    public byte[] mlkem768Decapsulate(byte[] privateKey, byte[] ciphertext) {
        return mlkem.decapsulate(privateKey, ciphertext);
    }

    @Override
    public KemKeyPair sntrup761Generate() {
        return sntrup.generate();
    }

    @Override
    public KemEncapsulation sntrup761Encapsulate(byte[] publicKey) {
        return sntrup.encapsulate(publicKey);
    }

    @Override
    public byte[] sntrup761Decapsulate(byte[] privateKey, byte[] ciphertext) {
        return sntrup.decapsulate(privateKey, ciphertext);
    }

    static void requireLength(String what, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got "
                + (value == null ? "null" : value.length));
        }
    }
}
