package org.sshwire.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.crypto.Signatures;

/**
 * The elliptic-curve work of a curve25519-sha256 / ssh-ed25519 connection setup (issue 22: the
 * server's JFR put Bouncy Castle's X25519Field.mul/sqr on top): X25519 public key from a private
 * key, X25519 agreement, Ed25519 sign and verify, each from raw bytes as the transport holds them,
 * by Bouncy Castle (what both backends use, through {@code CryptoBackend.bcOnly()}) and by the
 * JDK's SunEC provider ({@code KeyAgreement "XDH"}, {@code Signature "Ed25519"}; the raw bytes are
 * turned into key objects in every operation, as a backend built on them would have to).
 *
 * <p>{@code java -jar bench/target/benchmarks.jar Curve25519Benchmark}; microseconds per
 * operation, lower is better. One server setup is one x25519Public, one x25519Agree, one
 * ed25519Sign (host key) and one ed25519Verify (the user's publickey signature).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Curve25519Benchmark {
    /** {@code bc} or {@code jdk}. */
    @Param({"bc", "jdk"})
    public String impl;

    static final CryptoBackend BC = CryptoBackend.bcOnly();

    byte[] priv = new byte[32];
    byte[] peerPublic;
    byte[] seed = new byte[32];
    byte[] edPublic;
    byte[] data = new byte[64];
    byte[] signature;

    @Setup
    public void setup() {
        BC.random().nextBytes(priv);
        byte[] peerPriv = new byte[32];
        BC.random().nextBytes(peerPriv);
        peerPublic = BC.keyAgreements().x25519Public(peerPriv);
        BC.random().nextBytes(seed);
        edPublic = BC.signatures().ed25519PublicFromSeed(seed);
        BC.random().nextBytes(data);
        signature = BC.signatures().ed25519Sign(seed, data);
    }

    @Benchmark
    public byte[] x25519Public() throws GeneralSecurityException {
        return impl.equals("bc") ? BC.keyAgreements().x25519Public(priv) : Jdk.x25519Public(priv);
    }

    @Benchmark
    public byte[] x25519Agree() throws GeneralSecurityException {
        return impl.equals("bc") ? BC.keyAgreements().x25519Agree(priv, peerPublic) : Jdk.x25519Agree(priv, peerPublic);
    }

    @Benchmark
    public byte[] ed25519Sign() throws GeneralSecurityException {
        return impl.equals("bc") ? BC.signatures().ed25519Sign(seed, data) : Jdk.ed25519Sign(seed, data);
    }

    @Benchmark
    public boolean ed25519Verify() throws GeneralSecurityException {
        return impl.equals("bc") ? BC.signatures().ed25519Verify(edPublic, data, signature) : Jdk.ed25519Verify(edPublic, data, signature);
    }

    /** The JDK's SunEC from raw RFC 7748 / RFC 8032 bytes. */
    static final class Jdk {
        private static final BigInteger MASK_255 = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);

        private Jdk() {
        }

        /** X25519(k, 9): the JDK has no "public from private" call, so agreement with the base point u = 9. */
        static byte[] x25519Public(byte[] priv) throws GeneralSecurityException {
            return agree(priv, BigInteger.valueOf(9));
        }

        static byte[] x25519Agree(byte[] priv, byte[] peer) throws GeneralSecurityException {
            // RFC 7748 §5: the u-coordinate is little-endian, its top bit masked.
            return agree(priv, new BigInteger(1, reversed(peer)).and(MASK_255));
        }

        private static byte[] agree(byte[] priv, BigInteger u) throws GeneralSecurityException {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey k = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, priv));
            PublicKey p = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(k);
            ka.doPhase(p, true);
            return ka.generateSecret();
        }

        static byte[] ed25519Sign(byte[] seed, byte[] data) throws GeneralSecurityException {
            PrivateKey k = KeyFactory.getInstance("EdDSA").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(k);
            s.update(data);
            return s.sign();
        }

        static boolean ed25519Verify(byte[] publicKey, byte[] data, byte[] signature) throws GeneralSecurityException {
            // RFC 8032 §5.1.3: y little-endian in 255 bits, the top bit is x's parity.
            boolean xOdd = (publicKey[31] & 0x80) != 0;
            BigInteger y = new BigInteger(1, reversed(publicKey)).and(MASK_255);
            PublicKey p = KeyFactory.getInstance("EdDSA").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(p);
            s.update(data);
            return s.verify(signature);
        }

        private static byte[] reversed(byte[] b) {
            byte[] r = new byte[b.length];
            for (int i = 0; i < b.length; i++) {
                r[i] = b[b.length - 1 - i];
            }
            return r;
        }
    }
}
