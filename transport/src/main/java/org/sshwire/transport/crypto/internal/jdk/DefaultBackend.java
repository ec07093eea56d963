package org.sshwire.transport.crypto.internal.jdk;

import java.security.SecureRandom;
import org.sshwire.transport.crypto.Aead;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.crypto.Mac;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.crypto.StreamCipher;
import org.sshwire.transport.crypto.internal.bc.BcBackend;

/**
 * The default backend: each primitive from whichever implementation bench/ measured faster on
 * this JVM (see bench/README.md). AES-CTR, AES-GCM, HMAC, SHA-2 and the ChaCha20 keystream use the
 * JDK's intrinsics; Poly1305 (no public JDK API) and everything else come from Bouncy Castle.
 */
public final class DefaultBackend implements CryptoBackend {
    public static final DefaultBackend INSTANCE = new DefaultBackend();

    private final BcBackend bc = BcBackend.INSTANCE;

    private DefaultBackend() {
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public SecureRandom random() {
        return bc.random();
    }

    @Override
    public Digest digest(String algorithm) {
        return new JdkDigest(algorithm);
    }

    @Override
    public Mac hmac(String hash, byte[] key) {
        return new JdkHmac(hash, key);
    }

    @Override
    public StreamCipher aesCtr(byte[] key, byte[] iv) {
        return new JdkAesCtr(key, iv);
    }

    @Override
    public Aead aesGcm(byte[] key) {
        return new JdkAesGcm(key);
    }

    @Override
    public ChaCha20 chacha20(byte[] key) {
        return new JdkChaCha20(key);
    }

    @Override
    public Poly1305 poly1305() {
        return bc.poly1305();
    }

    /** Bouncy Castle's: its X25519 is about twice as fast as the JDK's (DESIGN §4). */
    @Override
    public KeyAgreements keyAgreements() {
        return bc.keyAgreements();
    }

    /** Bouncy Castle: DESIGN §4 measured its Ed25519 ~20x faster than the JDK's; RSA/ECDSA not yet measured. */
    @Override
    public Signatures signatures() {
        return bc.signatures();
    }
}
