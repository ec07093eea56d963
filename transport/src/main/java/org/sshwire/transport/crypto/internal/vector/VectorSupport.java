package org.sshwire.transport.crypto.internal.vector;

import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.Poly1305;

/**
 * Decides once whether the Vector API code may run, without touching any
 * {@code jdk.incubator.vector} class unless the module is there: the module is incubating in Java
 * 17-19, so it is only resolved when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * (which prints "WARNING: Using incubator modules" to stderr). A library user who does not add it
 * gets the plain-Java code, with no error and no warning.
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
    private static final boolean CHACHA20 = MODULE_PRESENT && VectorChaCha20.worthwhile();

    /** Whether {@link #poly1305} may be used: the module is present and {@link VectorPoly1305#worthwhile} (AVX-512). */
    private static final boolean POLY1305 = MODULE_PRESENT && VectorPoly1305.worthwhile();

    static {
        LOG.log(System.Logger.Level.DEBUG, () -> "jdk.incubator.vector " + (MODULE_PRESENT ? "present" : "absent")
                + "; SIMD ChaCha20 " + (CHACHA20 ? "available, " + VectorChaCha20.stepBytes() + " bytes per step" : "not used")
                + "; SIMD Poly1305 " + (POLY1305 ? "available, " + VectorPoly1305.stepBytes() + " bytes per step" : "not used"));
    }

    private VectorSupport() {
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
