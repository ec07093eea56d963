package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * Issue 16 item 6: {@code publickey-hostbound-v00@openssh.com} (OpenSSH PROTOCOL §2.5) live
 * against OpenSSH 9.2, both ways, through the command line: OpenSSH's {@code ssh -vvv} uses it
 * against {@code sshwire server} once our EXT_INFO offers it, and {@code sshwire ssh} uses it
 * against {@code sshd}, which logs the method name.
 */
class HostBoundInteropTest {
    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static OpenSsh.SshdConfig sshdConfig;
    static final List<String> TYPES = List.of("ed25519", "ecdsa", "rsa");

    @BeforeAll
    static void setUp() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSHD);
        List<String> pubs = new ArrayList<>();
        for (String t : TYPES) {
            Path key = dir.resolve("id_" + t);
            assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", t, "-N", "", "-f", key.toString()), 60).exit());
            pubs.add(Files.readString(Path.of(key + ".pub")).strip());
        }
        Files.write(dir.resolve("authorized_keys"), pubs);
        sshdConfig = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of("LogLevel DEBUG1",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PermitRootLogin prohibit-password"));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = probe.getLocalPort();
        }
        sshd = sshdConfig.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
    }

    @AfterAll
    static void tearDown() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    static String user() {
        return System.getProperty("user.name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void opensshSignsHostBoundForOurServer(String type) throws Exception {
        ServerCommandTest launcher = new ServerCommandTest();
        launcher.dir = Files.createTempDirectory(dir, "server");
        try (ServerCommandTest.Running s = launcher.startServer(List.of("--authorized-keys", dir.resolve("authorized_keys").toString()))) {
            OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-vvv", "-F", "/dev/null",
                    "-i", dir.resolve("id_" + type).toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "BatchMode=yes", "-p", String.valueOf(s.port()), user() + "@127.0.0.1", "echo hostbound ok"), 60);
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("hostbound ok\n", r.stdout());
            assertTrue(r.stderr().contains("kex_input_ext_info: publickey-hostbound@openssh.com=<0>"), r.stderr());
            assertTrue(r.stderr().contains("sign_and_send_pubkey: using publickey-hostbound-v00@openssh.com"), r.stderr());
            assertTrue(r.stderr().contains("Authenticated to 127.0.0.1"), r.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void ourClientSignsHostBoundForSshd(String type) {
        String before = sshdConfig.log("sshd.log");
        OpenSsh.Result r = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-p", String.valueOf(sshdPort),
                "-i", dir.resolve("id_" + type).toString(), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=" + dir.resolve("kh"), user() + "@127.0.0.1", "echo hostbound ok"), 120);
        assertEquals(0, r.exit(), r.stderr() + "\nsshd:\n" + sshdConfig.log("sshd.log"));
        assertEquals("hostbound ok\n", r.stdout());
        String log = sshdConfig.log("sshd.log").substring(before.length());
        assertTrue(log.contains("method publickey-hostbound-v00@openssh.com"), log);
        assertTrue(log.contains("Accepted publickey for " + user()), log);
    }
}
