package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.cli.Sshwire;
import org.sshwire.testvectors.Json;
import org.sshwire.testvectors.OpenSsh;

/** {@code sshwire scan} of this machine's sshd agrees with what sshd itself says it offers. */
class ScanInteropTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    @Test
    void scanListsSshdsAlgorithmsStrictKexAndHostKeys() throws Exception {
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(dir, List.of("KexAlgorithms +diffie-hellman-group14-sha1"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = sshd.startListening(port);
        try {
            TransportInteropTest.connectWithRetry(port).close();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Sshwire.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("scan", "127.0.0.1:" + port, "--json");
            assertEquals(0, code, err.toString());
            Map<String, Object> scan = (Map<String, Object>) Json.parse(out.toString());
            assertTrue(((String) scan.get("identification")).startsWith("SSH-2.0-OpenSSH_"), out.toString());
            assertEquals(Boolean.TRUE, scan.get("strict_kex"));
            assertEquals(Boolean.TRUE, scan.get("ext_info"));
            assertTrue(((Map<String, Object>) scan.get("extensions")).containsKey("server-sig-algs"), out.toString());

            Map<String, String> effective = sshdEffectiveConfig(sshd);
            Map<String, Object> algs = (Map<String, Object>) scan.get("algorithms");
            assertEquals(list(effective.get("kexalgorithms")), names(algs.get("kex")));
            assertEquals(list(effective.get("ciphers")), names(algs.get("encryption_c2s")));
            assertEquals(list(effective.get("macs")), names(algs.get("mac_s2c")));
            // The host key list is sshd's accepted algorithms filtered by the keys it has.
            assertTrue(list(effective.get("hostkeyalgorithms")).containsAll(names(algs.get("hostkey"))),
                    () -> names(algs.get("hostkey")) + " not all in " + effective.get("hostkeyalgorithms"));
            List<Map<String, Object>> kex = (List<Map<String, Object>>) algs.get("kex");
            assertEquals("legacy", kex.stream().filter(m -> m.get("name").equals("diffie-hellman-group14-sha1"))
                    .findFirst().orElseThrow().get("rating"));

            Set<String> expected = new HashSet<>();
            for (String k : List.of("host_ed255190", "host_ecdsa256", "host_ecdsa384", "host_ecdsa521", "host_rsa3072")) {
                expected.add(OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-l", "-f", dir.resolve(k + ".pub").toString()), 30)
                        .stdout().split(" ")[1]);
            }
            Set<String> scanned = ((List<Map<String, Object>>) scan.get("host_keys")).stream()
                    .map(m -> (String) m.get("sha256")).collect(Collectors.toSet());
            assertEquals(expected, scanned);
        } finally {
            p.destroy();
        }
    }

    @Test
    void refusedConnectionIsOneActionableLine() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        StringWriter err = new StringWriter();
        int code = Sshwire.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute("scan", "127.0.0.1:" + port);
        assertEquals(1, code);
        assertEquals("sshwire: connection refused: Connection refused", err.toString().strip());
    }

    private static Map<String, String> sshdEffectiveConfig(OpenSsh.SshdConfig sshd) {
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSHD.toString(), "-T", "-f", sshd.config.toString()), 30);
        assertEquals(0, r.exit(), r.stderr());
        return r.stdout().lines().map(l -> l.split(" ", 2)).filter(a -> a.length == 2)
                .collect(Collectors.toMap(a -> a[0], a -> a[1], (a, b) -> a));
    }

    private static List<String> list(String csv) {
        return Arrays.asList(csv.split(","));
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Object entries) {
        return ((List<Map<String, Object>>) entries).stream().map(m -> (String) m.get("name")).toList();
    }

}
