package org.sshwire.proxy.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.TransportConfig;

/**
 * The cipher order of the bastion's upstream connections. Every byte a user moves through the
 * bastion is opened and sealed twice there, once per hop, and the user's client picks the first
 * hop's cipher; the bastion picks the second's. OpenSSH's order (chacha20-poly1305 first) suits C
 * with SIMD; in this JVM, AES-GCM runs on the JDK's AES and GHASH intrinsics and is about three
 * times as fast as our ChaCha20-Poly1305 (bench/README.md, "Bastion"), so where those intrinsics
 * are on, AES-GCM goes first. The list holds OpenSSH's default ciphers and no others; only the
 * order differs. Without the intrinsics (the JDK's AES is then table-based, neither fast nor
 * constant-time) OpenSSH's order stays.
 */
final class UpstreamCiphers {
    private static final List<String> AES_GCM = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
    private static final List<String> ORDER = order(aesIntrinsics());

    private UpstreamCiphers() {
    }

    /** The order set on each upstream client before the {@link org.sshwire.proxy.UpstreamLogin}, which may change it. */
    static List<String> order() {
        return ORDER;
    }

    static List<String> order(boolean aesIntrinsics) {
        if (!aesIntrinsics) {
            return TransportConfig.DEFAULT_CIPHERS;
        }
        List<String> out = new ArrayList<>(AES_GCM);
        TransportConfig.DEFAULT_CIPHERS.stream().filter(c -> !AES_GCM.contains(c)).forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * HotSpot's {@code UseAES}: on where the CPU has AES instructions (x86-64 AES-NI, ARMv8 AES)
     * and the JVM uses them; the AES intrinsics follow it ({@code UseAESIntrinsics} and
     * {@code UseGHASHIntrinsics} are diagnostic flags, which this bean does not show).
     */
    private static boolean aesIntrinsics() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm != null && Boolean.parseBoolean(vm.getVMOption("UseAES").getValue());
        } catch (RuntimeException | LinkageError notHotSpot) {
            return false; // another JVM, or a flag it does not have: keep OpenSSH's order
        }
    }
}
