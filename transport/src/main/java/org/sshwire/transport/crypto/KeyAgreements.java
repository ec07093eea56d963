package org.sshwire.transport.crypto;

/**
 * Key-agreement and KEM primitives for SSH key exchange: X25519 (RFC 8731), ECDH over the NIST
 * curves (RFC 5656), ML-KEM-768 (FIPS 203) and sntrup761. Only the raw primitives live here; the
 * SSH key-exchange protocols (hashing, encoding as string/mpint) are sshwire's own code.
 *
 * <p>Every method that takes a peer's value validates it and throws
 * {@link IllegalArgumentException} when it is malformed, so KEX code can map that exception to a
 * {@code KEY_EXCHANGE_FAILED} disconnect. Randomness comes only from the backend's
 * {@link CryptoBackend#random()}.
 *
 * <pre>{@code
 * CryptoBackend crypto = CryptoBackend.defaultBackend();
 * KeyAgreements ka = crypto.keyAgreements();
 * byte[] priv = new byte[32];
 * crypto.random().nextBytes(priv);
 * byte[] pub = ka.x25519Public(priv);          // send Q_C
 * byte[] k = ka.x25519Agree(priv, peerPublic);  // throws if peerPublic is bad or K is all zero
 * }</pre>
 */
public interface KeyAgreements {

    /** X25519 key and point length (RFC 7748 §5). */
    int X25519_LENGTH = 32;
    /** ML-KEM-768 encapsulation key length (FIPS 203 table 3). */
    int MLKEM768_PUBLIC_LENGTH = 1184;
    /** ML-KEM-768 expanded decapsulation key length (FIPS 203 table 3). */
    int MLKEM768_PRIVATE_LENGTH = 2400;
    /** ML-KEM-768 ciphertext length (FIPS 203 table 3). */
    int MLKEM768_CIPHERTEXT_LENGTH = 1088;
    /** ML-KEM key-generation seed length, d || z (FIPS 203 §7.1). */
    int MLKEM_SEED_LENGTH = 64;
    /** sntrup761 public key length. */
    int SNTRUP761_PUBLIC_LENGTH = 1158;
    /** sntrup761 ciphertext length. */
    int SNTRUP761_CIPHERTEXT_LENGTH = 1039;
    /** Shared-secret length of both KEMs. */
    int KEM_SECRET_LENGTH = 32;

    /**
     * The X25519 public key for a 32-byte private key (any 32 bytes: clamping is done here,
     * RFC 7748 §5).
     */
    byte[] x25519Public(byte[] privateKey32);

    /**
     * X25519(private, peer). Throws {@link IllegalArgumentException} when the peer key is not 32
     * bytes or the result is all zero (low-order peer point; RFC 8731 §3 says abort).
     */
    byte[] x25519Agree(byte[] privateKey32, byte[] peerPublic32);

    /**
     * A fresh key pair on {@code curve} ("nistp256", "nistp384" or "nistp521"): the scalar as
     * fixed-length big-endian bytes, the public point uncompressed (0x04 || X || Y, RFC 5656 §3.1).
     */
    EcKeyPair ecdhGenerate(String curve);

    /** The key pair for a given scalar in [1, n−1] (big-endian, leading zeros allowed). */
    EcKeyPair ecdhFromPrivate(String curve, byte[] scalar);

    /**
     * The ECDH shared secret: the x-coordinate of d·Q as fixed-length unsigned big-endian bytes
     * (32, 48 or 66). The peer point must be uncompressed, on the curve and not infinity
     * (RFC 5656 §4; SP 800-56A §5.6.2.3.4), else {@link IllegalArgumentException}.
     */
    byte[] ecdhAgree(String curve, byte[] privateScalar, byte[] peerPoint);

    /**
     * A fresh ML-KEM-768 key pair: 1184-byte encapsulation key, 2400-byte expanded decapsulation
     * key (FIPS 203 format), from a 64-byte seed drawn from the backend's random.
     */
    KemKeyPair mlkem768Generate();

    /** ML-KEM-768 KeyGen_internal(d, z) from the 64-byte seed d || z (FIPS 203 §6.1). */
    KemKeyPair mlkem768FromSeed(byte[] seed64);

    /**
     * Encapsulates to an ML-KEM-768 key. The key must be 1184 bytes and pass the FIPS 203 §7.2
     * modulus check, else {@link IllegalArgumentException}.
     */
    KemEncapsulation mlkem768Encapsulate(byte[] publicKey);

    /**
     * Decapsulates with a 2400-byte decapsulation key (checked per FIPS 203 §7.3: length and the
     * embedded hash of the encapsulation key) and a 1088-byte ciphertext; otherwise
     * {@link IllegalArgumentException}. A well-formed but wrong ciphertext yields a pseudo-random
     * secret (implicit rejection), never an exception.
     */
    byte[] mlkem768Decapsulate(byte[] privateKey, byte[] ciphertext);

    /**
     * A fresh sntrup761 key pair: 1158-byte public key; private key in the reference encoding
     * (f || 1/g || pk || rho || hash, 1763 bytes), opaque to callers.
     */
    KemKeyPair sntrup761Generate();

    /** Encapsulates to a 1158-byte sntrup761 public key: 1039-byte ciphertext, 32-byte secret. */
    KemEncapsulation sntrup761Encapsulate(byte[] publicKey);

    /** Decapsulates a 1039-byte sntrup761 ciphertext (implicit rejection on a wrong one). */
    byte[] sntrup761Decapsulate(byte[] privateKey, byte[] ciphertext);

    /**
     * An ECDH key pair. Arrays are not copied; the record compares them by reference, so compare
     * contents with {@link java.util.Arrays#equals(byte[], byte[])}.
     */
    record EcKeyPair(byte[] privateScalar, byte[] publicPoint) {
    }

    /** A KEM key pair, both in the algorithm's standard encoding. */
    record KemKeyPair(byte[] publicKey, byte[] privateKey) {
    }

    /** What the encapsulating side gets: the ciphertext to send and the shared secret to keep. */
    record KemEncapsulation(byte[] ciphertext, byte[] sharedSecret) {
    }
}
