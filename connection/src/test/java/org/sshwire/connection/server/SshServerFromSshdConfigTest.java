package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.config.SshdConfig;
import org.sshwire.connection.config.SshdConfigException;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * {@code SshServer.builder(SshdConfig, passwords)}: a program's server runs an sshd_config as sshd
 * would — the file's HostKey and AuthorizedKeysFile, a Match User block's ForceCommand — and
 * refuses, naming the file and line, what sshwire does not implement.
 */
class SshServerFromSshdConfigTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();

    @TempDir
    Path dir;

    @Test
    void theFilesHostKeyAndAuthorizedKeysLogInAndItsMatchBlockForcesTheCommand() throws Exception {
        SshKeyPair host = keygen("hostkey");
        SshKeyPair id = keygen("id");
        String me = System.getProperty("user.name");
        Files.copy(dir.resolve("id.pub"), dir.resolve(me + ".keys"));
        Path conf = Files.writeString(dir.resolve("sshd_config"), "HostKey " + dir.resolve("hostkey") + "\n"
                + "AuthorizedKeysFile " + dir + "/%u.keys\n"
                + "PasswordAuthentication no\n"
                + "StrictModes no\n" // the key file is under /tmp, which others may write: sshd would ignore it too
                + "Match User " + me + "\n"
                + "    ForceCommand echo forced\n");
        try (SshServer server = SshServer.builder(SshdConfig.load(conf), null).listen("127.0.0.1", 0).build().start();
             SshClient c = SshClient.builder(me).identity(id).hostKeyVerifier((h, p, k) -> k.equals(host.publicKey()))
                     .connect("127.0.0.1", server.port())) {
            assertEquals(List.of(host.publicKey()), server.hostKeys());
            ClientSession s = c.exec("echo asked");
            assertEquals("forced\n", new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, s.waitFor());
        }
    }

    @Test
    void aKeywordSshwireDoesNotImplementIsRefusedWithItsFileAndLine() throws Exception {
        keygen("hostkey");
        Path conf = Files.writeString(dir.resolve("sshd_config"), "HostKey " + dir.resolve("hostkey") + "\n"
                + "X11Forwarding yes\n");
        SshdConfigException e = assertThrows(SshdConfigException.class, () -> SshServer.builder(SshdConfig.load(conf), null));
        assertEquals("unsupported value \"yes\" for X11Forwarding at " + conf + ":2 (sshwire implements only X11Forwarding no)",
                e.getMessage());
        Path inMatch = Files.writeString(dir.resolve("sshd_config2"), "HostKey " + dir.resolve("hostkey") + "\n"
                + "Match User alice\n  Banner /etc/issue\n");
        e = assertThrows(SshdConfigException.class, () -> SshServer.builder(SshdConfig.load(inMatch), null));
        assertTrue(e.getMessage().startsWith("unsupported keyword Banner at " + inMatch + ":3 (inside Match"), e.getMessage());
    }

    @Test
    void withoutAUsableHostKeyTheServerDoesNotStartAsSshd() throws Exception {
        Path conf = Files.writeString(dir.resolve("sshd_config"), "HostKey " + dir.resolve("missing") + "\n");
        SshdConfigException e = assertThrows(SshdConfigException.class, () -> SshServer.builder(SshdConfig.load(conf), null));
        assertEquals("sshd: no hostkeys available -- exiting.", e.getMessage());
    }

    @Test
    void internalSftpWithoutTheProgramsHandlerStopsTheBuild() throws Exception {
        keygen("hostkey");
        Path conf = Files.writeString(dir.resolve("sshd_config"), "HostKey " + dir.resolve("hostkey") + "\n"
                + "Subsystem sftp internal-sftp\n");
        SshServer.Builder b = SshServer.builder(SshdConfig.load(conf), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("Subsystem sftp internal-sftp needs an SFTP handler"), e.getMessage());
        b.subsystem("sftp", s -> s.exit(0)).build().close(); // registered: it builds
    }

    private SshKeyPair keygen(String name) throws Exception {
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        Path key = dir.resolve(name);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30);
        assertEquals(0, r.exit(), r.stderr());
        return KeyFiles.readPrivateKey(Files.readAllBytes(key), null, CRYPTO);
    }
}
