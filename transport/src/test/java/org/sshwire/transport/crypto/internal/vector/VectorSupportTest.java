package org.sshwire.transport.crypto.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VectorSupportTest {
    /** A JDK whose incubating API lacks a method, or computes wrong, must leave the plain code in place. */
    @Test
    void aSelfCheckThatThrowsOrDisagreesLeavesTheSimdCodeOut() {
        assertFalse(VectorSupport.usable("test", () -> {
            throw new NoSuchMethodError("jdk.incubator.vector.LongVector.fromByteArray");
        }));
        assertFalse(VectorSupport.usable("test", () -> {
            throw new IllegalStateException("broken");
        }));
        assertFalse(VectorSupport.usable("test", () -> false));
        assertTrue(VectorSupport.usable("test", () -> true));
    }

    /**
     * On any machine: each SIMD primitive is available exactly where the module is there and the
     * preferred vectors are wide enough for it, so a self-check never fails on a sound JDK.
     */
    @Test
    void selfChecksPassWhereTheModuleAndWideVectorsArePresent() {
        assertEquals(VectorSupport.MODULE_PRESENT && VectorChaCha20.worthwhile(), VectorSupport.chacha20Available());
        assertEquals(VectorSupport.MODULE_PRESENT && VectorPoly1305.worthwhile(), VectorSupport.poly1305Available());
    }
}
