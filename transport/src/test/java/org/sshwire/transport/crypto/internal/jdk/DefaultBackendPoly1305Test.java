package org.sshwire.transport.crypto.internal.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.internal.vector.VectorSupport;

/**
 * Which Poly1305 the default backend takes, in a JVM with and one without
 * {@code jdk.incubator.vector} (transport's pom runs this class in both): the SIMD one only with
 * the module and 512-bit vectors, and either must give Bouncy Castle's tags on packet-sized input.
 */
class DefaultBackendPoly1305Test {

    @Test
    void takesTheImplementationThisJvmSupports() {
        String expected = System.getProperty("sshwire.test.vectorModule");
        if (expected != null) {
            assertEquals(expected.equals("present"), VectorSupport.MODULE_PRESENT, "jdk.incubator.vector in the boot layer");
        }
        // By name: naming VectorPoly1305.class here would load it in the JVM without the module.
        String name = CryptoBackend.defaultBackend().poly1305().getClass().getSimpleName();
        assertEquals(VectorSupport.poly1305Available() ? "VectorPoly1305" : "PlainPoly1305", name);
        if (!VectorSupport.MODULE_PRESENT) {
            assertEquals("PlainPoly1305", name);
        }
    }

    @Test
    void matchesBouncyCastleOnPacketSizedInputs() {
        Random rnd = new Random(1305);
        for (int len : new int[] {0, 1, 15, 16, 17, 127, 128, 129, 511, 512, 513, 1024 + 5, 4096 + 17, 32_768, 32_768 + 20, 35_000}) {
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            if (len % 2 == 1) {
                Arrays.fill(key, 0, 16, (byte) 0xff);
                Arrays.fill(data, (byte) 0xff);
            }
            Poly1305 bc = CryptoBackend.bcOnly().poly1305();
            bc.init(key);
            bc.update(data, 0, len);
            byte[] want = new byte[16];
            bc.doFinal(want, 0);
            Poly1305 p = CryptoBackend.defaultBackend().poly1305();
            p.init(key);
            p.update(data, 0, len);
            byte[] got = new byte[16];
            p.doFinal(got, 0);
            assertArrayEquals(want, got, "length " + len);
        }
    }
}
