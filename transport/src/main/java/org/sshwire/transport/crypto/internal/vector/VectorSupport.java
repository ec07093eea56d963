package org.sshwire.transport.crypto.internal.vector;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.internal.plain.PlainChaCha20;
import org.sshwire.transport.crypto.internal.plain.PlainPoly1305;

/**
 * Decides once whether the Vector API code may run, without touching any
 * {@code jdk.incubator.vector} class unless the module is there: the module is incubating in Java
 * 17-19, so it is only resolved when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * (which prints "WARNING: Using incubator modules" to stderr). A library user who does not add it
 * gets the plain-Java code, with no error and no warning.
 *
 * <p>An incubating API may change between JDK releases (a method the Poly1305 code first used was
 * removed in Java 22), so each SIMD primitive must also agree with its plain-Java twin on a few
 * vector steps of data before it is chosen; one that throws or disagrees is logged and left out.
 */
public final class VectorSupport {
    private static final System.Logger LOG = System.getLogger(VectorSupport.class.getName());

    /** Whether {@code jdk.incubator.vector} is in the boot layer of the running JVM. */
    public static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * Whether {@link #chacha20} may be used: the module is present and its preferred vectors are
     * wide enough ({@link VectorChaCha20#worthwhile}). Only evaluated after the module check, so
     * {@link VectorChaCha20} is never loaded without the module.
     */
    private static final boolean CHACHA20 = MODULE_PRESENT
            && usable("ChaCha20", () -> VectorChaCha20.worthwhile() && chacha20AgreesWithPlain());

    /** Whether {@link #poly1305} may be used: the module is present and {@link VectorPoly1305#worthwhile} (AVX-512). */
    private static final boolean POLY1305 = MODULE_PRESENT
            && usable("Poly1305", () -> VectorPoly1305.worthwhile() && poly1305AgreesWithPlain());

    static {
        LOG.log(System.Logger.Level.DEBUG, () -> "jdk.incubator.vector " + (MODULE_PRESENT ? "present" : "absent")
                + "; SIMD ChaCha20 " + (CHACHA20 ? "available, " + VectorChaCha20.stepBytes() + " bytes per step" : "not used")
                + "; SIMD Poly1305 " + (POLY1305 ? "available, " + VectorPoly1305.stepBytes() + " bytes per step" : "not used"));
    }

    private VectorSupport() {
    }

    static boolean usable(String what, BooleanSupplier check) {
        try {
            if (check.getAsBoolean()) {
                return true;
            }
            LOG.log(System.Logger.Level.DEBUG, "SIMD " + what + " not used: not worthwhile here, or its self-check disagreed");
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "SIMD " + what + " not used: this JDK's Vector API failed its self-check", e);
        }
        return false;
    }

    /** A fixed pattern long enough for several vector steps and a tail. */
    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static boolean chacha20AgreesWithPlain() {
        byte[] key = pattern(32);
        byte[] nonce = Arrays.copyOf(pattern(12), 12);
        byte[] data = pattern(2 * VectorChaCha20.stepBytes() + 77);
        byte[] expected = new byte[data.length];
        byte[] actual = new byte[data.length];
        ChaCha20 plain = new PlainChaCha20(key);
        plain.start(nonce, 1);
        plain.apply(data, 0, data.length, expected, 0);
        ChaCha20 simd = new VectorChaCha20(key);
        simd.start(nonce, 1);
        simd.apply(data, 0, data.length, actual, 0);
        return Arrays.equals(expected, actual);
    }

    private static boolean poly1305AgreesWithPlain() {
        byte[] key = pattern(32);
        byte[] data = pattern(2048 + 29); // above the 1 KiB from which the lanes take over
        byte[] expected = new byte[Poly1305.TAG_LENGTH];
        byte[] actual = new byte[Poly1305.TAG_LENGTH];
        Poly1305 plain = new PlainPoly1305();
        plain.init(key);
        plain.update(data, 0, data.length);
        plain.doFinal(expected, 0);
        Poly1305 simd = new VectorPoly1305();
        simd.init(key);
        simd.update(data, 0, data.length);
        simd.doFinal(actual, 0);
        return Arrays.equals(expected, actual);
    }

    /** Whether the SIMD ChaCha20 keystream is available in this JVM. */
    public static boolean chacha20Available() {
        return CHACHA20;
    }

    /** The SIMD ChaCha20 keystream; only when {@link #chacha20Available()}. */
    public static ChaCha20 chacha20(byte[] key) {
        if (!CHACHA20) {
            throw new IllegalStateException("the Vector API ChaCha20 is not available in this JVM");
        }
        return new VectorChaCha20(key);
    }

    /** Whether the SIMD Poly1305 is available in this JVM. */
    public static boolean poly1305Available() {
        return POLY1305;
    }

    /** The SIMD Poly1305; only when {@link #poly1305Available()}. */
    public static Poly1305 poly1305() {
        if (!POLY1305) {
            throw new IllegalStateException("the Vector API Poly1305 is not available in this JVM");
        }
        return new VectorPoly1305();
    }
}
