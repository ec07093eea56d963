package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.Decision;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.config.SshdConfig;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.ThrowawayUser;

/**
 * A program that embeds sshwire honours the sshd_config its users already have:
 * {@code SshServer.builder(SshdConfig, passwords)} runs the file as sshd would, and OpenSSH's
 * {@code ssh} and {@code sftp} log in as operating-system accounts — a key from the account's
 * AuthorizedKeysFile, a password through the program's callback — with a Match User block's
 * ForceCommand for one user only, AllowUsers keeping the third out, and internal-sftp served by
 * the handler the program registers, as the account.
 */
class SshServerFromSshdConfigInteropTest {
    static final Path SSHPASS = Path.of("/usr/bin/sshpass");
    static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

    @TempDir
    Path dir;

    @Test
    void aServerBuiltFromAnSshdConfigAppliesItsMatchBlocksToOsAccounts() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(SSHPASS);
        OpenSsh.require(SFTP_SERVER);
        ThrowawayUser.requireRoot();
        keygen(dir.resolve("hostkey"));
        keygen(dir.resolve("id"));
        try (ThrowawayUser forced = ThrowawayUser.create(); ThrowawayUser free = ThrowawayUser.create();
             ThrowawayUser outsider = ThrowawayUser.create()) {
            Path ssh = Files.createDirectories(forced.home().resolve(".ssh"));
            Files.copy(dir.resolve("id.pub"), ssh.resolve("authorized_keys"));
            Path banner = Files.writeString(dir.resolve("banner"), "Embedded and configured\n");
            Path conf = Files.writeString(dir.resolve("sshd_config"), "HostKey " + dir.resolve("hostkey") + "\n"
                    + "ListenAddress 127.0.0.1\n"
                    + "AuthorizedKeysFile .ssh/authorized_keys\n"
                    + "AllowUsers " + forced.name() + " " + free.name() + "\n"
                    + "Banner " + banner + "\n"
                    + "Subsystem sftp internal-sftp\n"
                    + "Match User " + forced.name() + "\n"
                    + "    ForceCommand echo forced: $SSH_ORIGINAL_COMMAND\n");
            ServerAuthPolicy.PasswordCallback passwords = (c, user, pw) -> pw.equals("pw-" + user) ? Decision.accept() : Decision.reject();

            // The file names internal-sftp: without the program's SFTP handler the build says so.
            IllegalStateException noSftp = assertThrows(IllegalStateException.class,
                    () -> SshServer.builder(SshdConfig.load(conf), passwords).build());
            assertTrue(noSftp.getMessage().contains("Subsystem sftp internal-sftp needs an SFTP handler"), noSftp.getMessage());

            // A root JVM serving other accounts gives internal-sftp a handler that runs as the
            // account (an in-process one would have the JVM's rights): OpenSSH's sftp-server here.
            try (SshServer server = SshServer.builder(SshdConfig.load(conf), passwords)
                    .listen("127.0.0.1", 0) // the file's Port is sshd's 22; a test takes a free one
                    .subsystem("sftp", ProcessHandler.subsystem(SFTP_SERVER.toString()))
                    .build().start()) {
                int port = server.port();
                // A key from the account's AuthorizedKeysFile; the Match block forces the command.
                OpenSsh.Result k = OpenSsh.run(ssh(port, List.of("-i", dir.resolve("id").toString(),
                        "-o", "PasswordAuthentication=no", forced.name() + "@127.0.0.1", "echo asked")), 60);
                assertEquals(0, k.exit(), k.stderr());
                assertEquals("forced: echo asked\n", k.stdout());
                // A password through the program's callback; no Match block: the command runs, as that account.
                OpenSsh.Result p = password(port, free.name(), "pw-" + free.name(), "id -un; echo $HOME");
                assertEquals(0, p.exit(), p.stderr());
                assertEquals(free.name() + "\n" + free.home() + "\n", p.stdout());
                assertTrue(p.stderr().contains("Embedded and configured"), "the Banner reaches ssh: " + p.stderr());
                // AllowUsers: the right password of an account not listed does not log in.
                OpenSsh.Result out = password(port, outsider.name(), "pw-" + outsider.name(), "echo ran");
                assertNotEquals(0, out.exit(), out.stderr());
                assertTrue(!out.stdout().contains("ran"), out.stdout());
                // internal-sftp, served by the registered handler as the account: an upload is its file.
                Path local = Files.writeString(dir.resolve("up.txt"), "uploaded\n");
                Path batch = Files.writeString(dir.resolve("batch"), "pwd\nput " + local + " up.txt\n");
                List<String> sftpCmd = new ArrayList<>(List.of(SSHPASS.toString(), "-p", "pw-" + free.name(),
                        "/usr/bin/sftp", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                        "-o", "PubkeyAuthentication=no", "-o", "BatchMode=no", "-P", String.valueOf(port), "-b", batch.toString(),
                        free.name() + "@127.0.0.1"));
                OpenSsh.Result s = OpenSsh.run(sftpCmd, 60);
                assertEquals(0, s.exit(), s.stderr());
                assertTrue(s.stdout().contains("Remote working directory: " + free.home()), s.stdout());
                Path uploaded = free.home().resolve("up.txt");
                assertEquals("uploaded\n", Files.readString(uploaded));
                assertEquals(free.uid(), (int) Files.getAttribute(uploaded, "unix:uid"));
            }
        }
    }

    private static List<String> ssh(int port, List<String> rest) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-p", String.valueOf(port)));
        cmd.addAll(rest);
        return cmd;
    }

    private static OpenSsh.Result password(int port, String user, String pw, String command) {
        List<String> cmd = new ArrayList<>(List.of(SSHPASS.toString(), "-p", pw));
        cmd.addAll(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "BatchMode=no",
                "-o", "NumberOfPasswordPrompts=1", "-p", String.valueOf(port), user + "@127.0.0.1", command));
        return OpenSsh.run(cmd, 60);
    }

    private static void keygen(Path key) {
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30);
        assertEquals(0, r.exit(), r.stderr());
    }
}
