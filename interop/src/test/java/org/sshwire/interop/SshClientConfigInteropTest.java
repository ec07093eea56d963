package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.client.UnknownHostKeyException;
import org.sshwire.connection.config.SshClientSettings;
import org.sshwire.connection.config.SshConfig;
import org.sshwire.testvectors.OpenSsh;

/**
 * One ssh_config host entry, read by OpenSSH's {@code ssh -F} and by {@link SshConfig} +
 * {@link SshClient#builder(SshClientSettings)}: both reach the same sshd on 127.0.0.1 under the
 * alias with the file's HostName, Port, User and IdentityFile, and both record the unknown host key
 * (StrictHostKeyChecking accept-new, HashKnownHosts) in the file's UserKnownHostsFile.
 */
class SshClientConfigInteropTest {
    @TempDir
    static Path dir;
    static Process sshd;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 30).exit());
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "secret", "-f",
                dir.resolve("id_locked").toString()), 30).exit());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        OpenSsh.SshdConfig config = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")),
                List.of("PermitRootLogin yes", "AuthorizedKeysFile " + dir.resolve("authorized_keys")));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        sshd = config.startListening(port);
        TransportInteropTest.connectWithRetry(port).close();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    private static Path config(String name, String strict) throws IOException {
        Path f = dir.resolve(name + ".conf");
        Files.writeString(f, "Host alias-" + name + "\n"
                + "    HostName 127.0.0.1\n"
                + "    Port " + port + "\n"
                + "    User root\n"
                + "    IdentityFile " + dir.resolve("id_locked") + "\n"
                + "    IdentityFile " + dir.resolve("id") + "\n"
                + "    UserKnownHostsFile " + dir.resolve("kh-%n") + "\n"
                + "    GlobalKnownHostsFile /dev/null\n"
                + "    StrictHostKeyChecking " + strict + "\n"
                + "    HashKnownHosts yes\n"
                + "    BatchMode yes\n"
                + "    IdentitiesOnly yes\n");
        return f;
    }

    private static String run(SshClient c, String command) throws Exception {
        ClientSession s = c.exec(command);
        String out = new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, s.waitFor());
        return out;
    }

    @Test
    void theLibraryAndOpenSshReachTheSameHostFromOneFile() throws Exception {
        Path f = config("both", "accept-new");
        SshClientSettings s = SshConfig.builder().configFile(f).build().resolve("alias-both");
        assertEquals("127.0.0.1", s.hostName());
        assertEquals(port, s.port());
        try (SshClient c = SshClient.builder(s).connect(s.hostName(), s.port())) {
            assertEquals("library\n", run(c, "echo library"));
        }
        String recorded = Files.readString(dir.resolve("kh-alias-both"));
        assertTrue(recorded.startsWith("|1|"), "hashed entry: " + recorded);
        // OpenSSH's ssh reads the same file and trusts the key the library recorded.
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-F", f.toString(), "alias-both", "echo openssh"), 60);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("openssh\n", r.stdout());
        assertEquals(recorded, Files.readString(dir.resolve("kh-alias-both")));
        // And the library trusts it on the next connection.
        try (SshClient c = SshClient.builder(s).connect(s.hostName(), s.port())) {
            assertEquals("again\n", run(c, "echo again"));
        }
    }

    @Test
    void strictCheckingRefusesAnUnknownHostAsSshDoes() throws Exception {
        Path f = config("strict", "yes");
        SshClientSettings s = SshConfig.builder().configFile(f).build().resolve("alias-strict");
        Exception e = assertThrows(Exception.class, () -> SshClient.builder(s).connect(s.hostName(), s.port()).close());
        Throwable t = e;
        while (t != null && !(t instanceof UnknownHostKeyException)) {
            t = t.getCause();
        }
        assertTrue(t instanceof UnknownHostKeyException, "refused as unknown: " + e);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-F", f.toString(), "alias-strict", "true"), 60);
        assertEquals(255, r.exit());
        assertTrue(r.stderr().contains("Host key verification failed"), r.stderr());
    }
}
