package org.sshwire.transport.crypto.internal.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.internal.vector.VectorSupport;

/**
 * Which ChaCha20 the default backend takes, in a JVM with and one without
 * {@code jdk.incubator.vector}: transport's pom runs this class in both (the property
 * {@code sshwire.test.vectorModule} says which one it is, so a JVM that silently lost or gained
 * the module fails here). Without the module the plain code must work, with no error.
 */
class DefaultBackendChaCha20Test {

    private static boolean moduleExpected() {
        String expected = System.getProperty("sshwire.test.vectorModule");
        return expected == null ? VectorSupport.MODULE_PRESENT : expected.equals("present");
    }

    @Test
    void takesTheImplementationThisJvmSupports() {
        assertEquals(moduleExpected(), VectorSupport.MODULE_PRESENT, "jdk.incubator.vector in the boot layer");
        String expected;
        if (Runtime.version().feature() >= 20) {
            expected = "JdkChaCha20";
        } else {
            // The SIMD keystream also needs vectors of 256 bits or more (not NEON's 128).
            expected = VectorSupport.chacha20Available() ? "VectorChaCha20" : "PlainChaCha20";
        }
        // By name: naming VectorChaCha20.class here would load it in the JVM without the module.
        assertEquals(expected, CryptoBackend.defaultBackend().chacha20(new byte[32]).getClass().getSimpleName());
    }

    @Test
    void matchesBouncyCastleOnPacketSizedInputs() {
        Random rnd = new Random(17);
        for (int len : new int[] {0, 4, 63, 64, 65, 511, 512, 1023, 1024, 1025, 4096 + 17, 32_768, 35_000}) {
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            byte[] nonce = new byte[12];
            rnd.nextBytes(nonce);
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            ChaCha20 bc = CryptoBackend.bcOnly().chacha20(key);
            bc.start(nonce, 1);
            byte[] want = new byte[len];
            bc.apply(data, 0, len, want, 0);
            ChaCha20 c = CryptoBackend.defaultBackend().chacha20(key);
            c.start(nonce, 1);
            c.apply(data, 0, len, data, 0);
            assertArrayEquals(want, data, "length " + len);
        }
    }
}
