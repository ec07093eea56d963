package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.server.SshServer;
import org.sshwire.sftp.SftpClient;
import org.sshwire.sftp.SftpSubsystem;
import org.sshwire.sftp.TransferOptions;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * SFTP over SSH, live: OpenSSH's {@code sftp -b} and {@code scp} (SFTP mode) against our
 * SshServer's sftp subsystem, and our SftpClient over our SshClient against sshd's SFTP and ours.
 */
class SftpOverSshInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final long SIZE = Long.getLong("sshwire.sftpTransfer", 32L * 1024 * 1024);

    @TempDir
    static Path dir;
    static Path root;
    static SshServer server;
    static SshKeyPair userKey;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        userKey = KeyFiles.readPrivateKey(Files.readAllBytes(dir.resolve("id")), null, C);
        root = Files.createDirectories(dir.resolve("root"));
        server = SshServer.builder().listen("127.0.0.1", 0)
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .subsystem("sftp", SftpSubsystem.rootedAt(root))
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Path randomFile(String name, long size) throws IOException {
        Path f = dir.resolve(name);
        byte[] chunk = new byte[1 << 20];
        Random rnd = new Random(size);
        try (var out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= chunk.length) {
                rnd.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return f;
    }

    static byte[] sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    static List<String> opensshArgs(String tool) {
        return new ArrayList<>(List.of(tool, "-F", "/dev/null", "-i", dir.resolve("id").toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR"));
    }

    @Test
    void opensshSftpBatchPutsGetsAndListsThroughOurSubsystem() throws Exception {
        Path big = randomFile("big.bin", SIZE);
        Path back = dir.resolve("big.back");
        Path batch = dir.resolve("batch");
        Files.writeString(batch, String.join("\n", "mkdir d", "put " + big + " d/big.bin", "ls -l d",
                "rename d/big.bin d/renamed.bin", "get d/renamed.bin " + back, "df", "rm d/renamed.bin", "rmdir d", ""));
        List<String> cmd = opensshArgs("/usr/bin/sftp");
        cmd.addAll(List.of("-P", String.valueOf(server.port()), "-b", batch.toString(), "test@127.0.0.1"));
        OpenSsh.Result r = OpenSsh.run(cmd, 300);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("big.bin"), r.stdout());
        assertArrayEquals(sha256(big), sha256(back));
        assertTrue(Files.list(root).findAny().isEmpty(), "rm and rmdir left the root empty");
    }

    @Test
    void opensshScpCopiesBothWaysInSftpMode() throws Exception {
        Path src = randomFile("scp.bin", SIZE / 4);
        List<String> up = opensshArgs("/usr/bin/scp");
        up.addAll(List.of("-P", String.valueOf(server.port()), src.toString(), "test@127.0.0.1:/scp-up.bin"));
        OpenSsh.Result r = OpenSsh.run(up, 300);
        assertEquals(0, r.exit(), r.stderr());
        assertArrayEquals(sha256(src), sha256(root.resolve("scp-up.bin")));
        Path down = dir.resolve("scp-down.bin");
        List<String> get = opensshArgs("/usr/bin/scp");
        get.addAll(List.of("-P", String.valueOf(server.port()), "test@127.0.0.1:/scp-up.bin", down.toString()));
        r = OpenSsh.run(get, 300);
        assertEquals(0, r.exit(), r.stderr());
        assertArrayEquals(sha256(src), sha256(down));
    }

    @Test
    void ourSftpClientOverOurSshClientAgainstOurServer() throws Exception {
        roundTrip(server.port(), "/client-own.bin");
        assertTrue(Files.exists(root.resolve("client-own.bin")));
    }

    @Test
    void ourSftpClientOverOurSshClientAgainstSshd() throws Exception {
        Path sshdDir = Files.createDirectories(dir.resolve("sshd"));
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(sshdDir, List.of("Subsystem sftp internal-sftp",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PermitRootLogin prohibit-password"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = sshd.startListening(port);
        try {
            TransportInteropTest.connectWithRetry(port).close();
            roundTrip(port, dir.resolve("via-sshd.bin").toString());
        } finally {
            p.destroy();
        }
    }

    private static void roundTrip(int port, String remote) throws Exception {
        Path src = randomFile("rt-" + port + ".bin", SIZE / 2);
        Path back = dir.resolve("rt-" + port + ".back");
        try (SshClient c = SshClient.builder(System.getProperty("user.name")).identity(userKey).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> true).connect("127.0.0.1", port)) {
            ClientSession s = c.openSession();
            s.subsystem("sftp");
            try (SftpClient sftp = SftpClient.open(s.stdout(), s.stdin())) {
                sftp.put(src, remote, TransferOptions.defaults());
                sftp.get(remote, back, TransferOptions.defaults());
            }
        }
        assertArrayEquals(sha256(src), sha256(back));
    }
}
