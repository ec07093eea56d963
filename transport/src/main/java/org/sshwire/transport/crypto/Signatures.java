package org.sshwire.transport.crypto;

import java.math.BigInteger;

/**
 * Raw public-key primitives for SSH host and user keys, and the few symmetric helpers that key
 * files need. Everything SSH-specific (key blobs, signature blobs, mpints, r‖s) is encoded by
 * {@code org.sshwire.transport.keys}; this interface deals only in numbers and byte strings.
 *
 * <p>Curves are named as SSH names them (RFC 5656 §10.1): {@code nistp256}, {@code nistp384},
 * {@code nistp521}. ECDSA hashes with the curve's hash (RFC 5656 §6.2.1: SHA-256/384/512).
 * Every {@code verify} returns false, never throws, for malformed input.
 *
 * <pre>{@code
 * Signatures s = CryptoBackend.defaultBackend().signatures();
 * byte[] seed = new byte[32]; crypto.random().nextBytes(seed);
 * byte[] sig = s.ed25519Sign(seed, data);
 * boolean ok = s.ed25519Verify(s.ed25519PublicFromSeed(seed), data, sig);
 * }</pre>
 */
public interface Signatures {

    /** An RSA private key with its CRT parameters (PKCS#1 / RFC 8017 §3.2). */
    record RsaPrivate(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q,
                      BigInteger dp, BigInteger dq, BigInteger qinv) {
        /** Fills in dp, dq and qinv from d, p and q. */
        public static RsaPrivate of(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q) {
            return new RsaPrivate(n, e, d, p, q,
                    d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p));
        }

        @Override
        public String toString() {
            return "RsaPrivate[" + n.bitLength() + " bits]";
        }
    }

    /** The 32-byte Ed25519 public key for a 32-byte seed (RFC 8032 §5.1.5). */
    byte[] ed25519PublicFromSeed(byte[] seed);

    /** A 64-byte Ed25519 signature (RFC 8032 §5.1.6). */
    byte[] ed25519Sign(byte[] seed, byte[] data);

    boolean ed25519Verify(byte[] publicKey, byte[] data, byte[] signature);

    /** Whether {@code point} is an uncompressed SEC1 point (0x04‖x‖y) on {@code curve}, not infinity. */
    boolean ecPointValid(String curve, byte[] point);

    /** The uncompressed public point d·G. */
    byte[] ecPublicFromPrivate(String curve, BigInteger d);

    /** A fresh private scalar in [1, n-1]. */
    BigInteger ecGeneratePrivate(String curve);

    /** The order n of the curve's base point. */
    BigInteger ecOrder(String curve);

    /** ECDSA over the curve's hash of {@code data}; returns {r, s}. */
    BigInteger[] ecdsaSign(String curve, BigInteger d, byte[] data);

    boolean ecdsaVerify(String curve, byte[] point, byte[] data, BigInteger r, BigInteger s);

    /** RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with {@code hash} one of SHA-1, SHA-256, SHA-512. */
    byte[] rsaSign(RsaPrivate key, String hash, byte[] data);

    boolean rsaVerify(BigInteger n, BigInteger e, String hash, byte[] data, byte[] signature);

    /** A fresh RSA key with e = 65537. */
    RsaPrivate rsaGenerate(int bits);

    /** OpenBSD bcrypt_pbkdf as OpenSSH uses it for openssh-key-v1 files (PROTOCOL.key). */
    byte[] bcryptPbkdf(byte[] password, byte[] salt, int rounds, int keyLength);

    /** AES-CBC without padding, for legacy PEM and PKCS#8 key files; length must be a multiple of 16. */
    byte[] aesCbc(boolean encrypt, byte[] key, byte[] iv, byte[] data);
}
