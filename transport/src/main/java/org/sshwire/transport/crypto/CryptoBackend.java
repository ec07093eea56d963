package org.sshwire.transport.crypto;

import java.security.SecureRandom;
import org.sshwire.transport.crypto.internal.bc.BcBackend;
import org.sshwire.transport.crypto.internal.jdk.DefaultBackend;

/**
 * The crypto seam (DESIGN §4): every primitive sshwire uses, looked up here, so one backend can
 * be swapped for another and only backend packages import Bouncy Castle or {@code javax.crypto}.
 *
 * <p>The SSH constructions built from these primitives (packet protection, key derivation,
 * exchange hashes) are sshwire's own code and are the same for every backend.
 *
 * <pre>{@code
 * CryptoBackend crypto = CryptoBackend.defaultBackend();
 * Mac mac = crypto.hmac("SHA-256", key);
 * }</pre>
 */
public interface CryptoBackend {

    /** The default: the JDK where it is measurably faster (AES, HMAC, ChaCha20), Bouncy Castle elsewhere. */
    static CryptoBackend defaultBackend() {
        return DefaultBackend.INSTANCE;
    }

    /** Bouncy Castle's lightweight API for every primitive. */
    static CryptoBackend bcOnly() {
        return BcBackend.INSTANCE;
    }

    /** A short name for logs and benchmark tables. */
    String name();

    /** The only source of randomness in sshwire. */
    SecureRandom random();

    /**
     * This backend drawing all its randomness — {@link #random()}, ephemeral keys, KEM
     * encapsulation, key generation — from {@code random} instead. Research (DESIGN §5): a
     * recorded or seeded source makes a connection reproducible for {@code sshwire replay}.
     *
     * <pre>{@code
     * CryptoBackend recorded = CryptoBackend.defaultBackend().withRandom(SeededRandom.of(seed, 1));
     * }</pre>
     */
    CryptoBackend withRandom(SecureRandom random);

    /** MD5 (fingerprints, legacy PEM only), SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512 (JCA names). */
    Digest digest(String algorithm);

    /** HMAC over the named hash (JCA digest name); any key length, including empty. */
    Mac hmac(String hash, byte[] key);

    /** AES in counter mode with a 128-bit big-endian counter starting at {@code iv} (RFC 4344). */
    StreamCipher aesCtr(byte[] key, byte[] iv);

    /**
     * A block cipher in CBC mode without padding (RFC 4253 §6.3: the IV chains on from one packet
     * to the next): {@code "AES"} (16, 24 or 32-byte key) or {@code "DESede"} (three-key 3DES, 24
     * bytes). Each {@link StreamCipher#apply} call must cover whole blocks. Legacy, for the
     * {@code -cbc} ciphers enabled by name only.
     */
    StreamCipher cbc(String cipher, boolean encrypt, byte[] key, byte[] iv);

    /** The AES block function (ECB, one block), for UMAC (RFC 4418). */
    BlockCipher aes(byte[] key);

    /** AES-GCM with a 128-bit tag, nonce given per operation. */
    Aead aesGcm(byte[] key);

    /** ChaCha20 with a 96-bit nonce and 32-bit block counter (RFC 8439 §2.4). */
    ChaCha20 chacha20(byte[] key);

    /** One-time authenticator Poly1305 (RFC 8439 §2.5). */
    Poly1305 poly1305();

    /** X25519, NIST-curve ECDH, ML-KEM-768 and sntrup761 for key exchange. */
    KeyAgreements keyAgreements();

    /** Public-key signature primitives (Ed25519, ECDSA, RSA) and key-file helpers. */
    Signatures signatures();
}
