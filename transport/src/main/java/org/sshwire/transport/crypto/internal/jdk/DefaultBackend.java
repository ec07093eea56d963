package org.sshwire.transport.crypto.internal.jdk;

import java.security.SecureRandom;
import org.sshwire.transport.crypto.Aead;
import org.sshwire.transport.crypto.BlockCipher;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.crypto.Mac;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.crypto.StreamCipher;
import org.sshwire.transport.crypto.internal.bc.BcBackend;
import org.sshwire.transport.crypto.internal.plain.PlainChaCha20;
import org.sshwire.transport.crypto.internal.plain.PlainPoly1305;
import org.sshwire.transport.crypto.internal.vector.VectorSupport;

/**
 * The default backend: each primitive from whichever implementation bench/ measured faster on
 * this JVM (see bench/README.md). AES-CTR, AES-GCM, HMAC, SHA-2 and the ChaCha20 keystream use the
 * JDK's intrinsics; Poly1305 (no public JDK API) and, before Java 20, the ChaCha20 keystream are
 * our own code ({@code internal.plain}, or {@code internal.vector} when the JVM has the incubating
 * Vector API module and wide enough vectors); everything else comes from Bouncy Castle.
 */
public final class DefaultBackend implements CryptoBackend {
    public static final DefaultBackend INSTANCE = new DefaultBackend(BcBackend.INSTANCE);

    /**
     * Java 20 added a ChaCha20 intrinsic (JDK-8247645), about 3x our plain-Java keystream on this
     * AVX-512 machine; without it (Java 17-19) the Vector API keystream is used when the JVM runs
     * with {@code --add-modules jdk.incubator.vector} (about 7x the plain code here, bench/README.md),
     * and otherwise the plain code, which is a little faster than the JDK's and needs no
     * {@code Cipher.init} per packet.
     */
    private static final boolean JDK_CHACHA20_INTRINSIC = Runtime.version().feature() >= 20;
    private static final boolean VECTOR_CHACHA20 = !JDK_CHACHA20_INTRINSIC && VectorSupport.chacha20Available();
    private static final boolean VECTOR_POLY1305 = VectorSupport.poly1305Available();

    private final BcBackend bc;

    private DefaultBackend(BcBackend bc) {
        this.bc = bc;
    }

    @Override
    public DefaultBackend withRandom(SecureRandom r) {
        return new DefaultBackend(bc.withRandom(r));
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
    public StreamCipher cbc(String cipher, boolean encrypt, byte[] key, byte[] iv) {
        return JdkBlockCiphers.cbc(cipher, encrypt, key, iv);
    }

    @Override
    public BlockCipher aes(byte[] key) {
        return JdkBlockCiphers.aes(key);
    }

    @Override
    public Aead aesGcm(byte[] key) {
        return new JdkAesGcm(key);
    }

    @Override
    public ChaCha20 chacha20(byte[] key) {
        if (JDK_CHACHA20_INTRINSIC) {
            return new JdkChaCha20(key);
        }
        return VECTOR_CHACHA20 ? VectorSupport.chacha20(key) : new PlainChaCha20(key);
    }

    /**
     * The JDK has no Poly1305 API, on any version. With the Vector API module and AVX-512 the SIMD
     * code ({@code internal.vector.VectorPoly1305}, about 3x the plain code on 32 KiB packets on
     * Java 17 and on Java 25, bench/README.md); otherwise plain Java in radix 2^64, about 2x
     * Bouncy Castle's 26-bit limbs.
     */
    @Override
    public Poly1305 poly1305() {
        return VECTOR_POLY1305 ? VectorSupport.poly1305() : new PlainPoly1305();
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
