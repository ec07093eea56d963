package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sshwire server -f FILE} with {@code -t}, {@code -T} and {@code -C}: every keyword line
 * is applied or refused naming its file and line (exit 255, one line), {@code -o} wins over the
 * file, and Match blocks are evaluated for the connection {@code -C} describes.
 */
class ServerConfigFileTest {
    @TempDir
    Path dir;
    Path hostKey;

    @BeforeEach
    void hostKey() throws Exception {
        hostKey = dir.resolve("ssh_host_ed25519_key");
        assertEquals(0, CliRun.sshKeygen("-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()).exit());
    }

    Path config(String text) throws Exception {
        return Files.writeString(dir.resolve("sshd_config"), "HostKey " + hostKey + "\n" + text);
    }

    static CliRun.Result server(String... args) {
        List<String> a = new ArrayList<>(List.of("server"));
        a.addAll(List.of(args));
        return CliRun.sshwire(a.toArray(String[]::new));
    }

    static void refused(CliRun.Result r, String line) {
        assertEquals(255, r.exit(), r.out() + r.err());
        assertEquals("sshwire: " + line + "\n", r.err());
    }

    @Test
    void aGoodFileChecksWithDashT() throws Exception {
        Path f = config("Port 2200\nListenAddress 127.0.0.1\nPasswordAuthentication no\nAllowUsers alice bob@192.0.2.0/24\n"
                + "X11Forwarding no\nUsePAM no\nPrintMotd yes\nSubsystem sftp internal-sftp\nAcceptEnv LANG LC_*\n"
                + "Match User alice\n    ForceCommand echo forced\n    PermitTTY no\n    AllowTcpForwarding no\n");
        CliRun.Result r = server("-t", "-f", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void aKeywordSshdKnowsAndSshwireDoesNotImplementIsRefusedWithFileAndLine() throws Exception {
        Path f = config("Port 2200\nX11UseLocalhost yes\n");
        refused(server("-t", "-f", f.toString()), "unsupported keyword X11UseLocalhost at " + f + ":3");
    }

    @Test
    void aKeywordTheParserKnowsButTheServerDoesNotApplyIsRefusedNotIgnored() throws Exception {
        Path f = config("# comment\n\nAllowAgentForwarding no\n");
        refused(server("-t", "-f", f.toString()), "unsupported keyword AllowAgentForwarding at " + f + ":4");
        Path g = config("Match Address 192.0.2.0/24\n  RevokedKeys /etc/ssh/revoked\n");
        refused(server("-t", "-f", g.toString()), "unsupported keyword RevokedKeys at " + g
                + ":3 (inside Match: sshwire applies it only to the whole server)");
    }

    @Test
    void aKeywordAcceptedOnlyAtWhatSshwireDoesIsRefusedAtAnotherValue() throws Exception {
        assertEquals(0, server("-t", "-f", config("PrintLastLog no\nPermitEmptyPasswords no\n").toString()).exit());
        Path f = config("PrintLastLog yes\n");
        refused(server("-t", "-f", f.toString()),
                "unsupported value \"yes\" for PrintLastLog at " + f + ":2 (sshwire implements only PrintLastLog no)");
    }

    @Test
    void debiansStockLinesAreTakenAndWhatSshdIgnoresIsIgnoredAsSshdDoes() throws Exception {
        // Debian's sshd_config: KbdInteractiveAuthentication no, UsePAM yes is refused (below), PrintMotd no.
        Path f = config("Include /nonexistent.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM no\nX11Forwarding no\n"
                + "PrintMotd no\nAcceptEnv LANG LC_*\nSubsystem sftp /usr/lib/openssh/sftp-server\nProtocol 2\n");
        CliRun.Result r = server("-t", "-f", f.toString());
        assertEquals(0, r.exit(), r.err());
        Path pam = config("UsePAM yes\n");
        assertEquals(255, server("-t", "-f", pam.toString()).exit());
    }

    @Test
    void aGlobalOnlyKeywordInsideMatchIsRefused() throws Exception {
        Path f = config("Match User bob\n  Banner /etc/issue.net\n");
        refused(server("-t", "-f", f.toString()), "unsupported keyword Banner at " + f
                + ":3 (inside Match: sshwire applies it only to the whole server)");
        Path g = config("Match User bob\n  SetEnv LANG=C\n"); // sshd takes it per login; sshwire for all sessions only
        refused(server("-t", "-f", g.toString()), "unsupported keyword SetEnv at " + g
                + ":3 (inside Match: sshwire applies it only to the whole server)");
    }

    @Test
    void anIncludedFilesLineIsNamedByItsOwnFileAndLine() throws Exception {
        Path inc = Files.writeString(dir.resolve("extra.conf"), "MaxAuthTries 4\nRDomain foo\n");
        Path f = config("Include " + inc + "\n");
        refused(server("-t", "-f", f.toString()), "unsupported keyword RDomain at " + inc + ":2");
    }

    @Test
    void moreThanOneListenAddressIsRefused() throws Exception {
        Path f = config("ListenAddress 127.0.0.1\nListenAddress 127.0.0.2\n");
        refused(server("-t", "-f", f.toString()), "unsupported keyword ListenAddress at " + f
                + ":3 (sshwire server listens on one address and port; this makes 2)");
    }

    @Test
    void noUsableHostKeyEndsTheCheck() throws Exception {
        Path f = Files.writeString(dir.resolve("nokeys"), "HostKey " + dir.resolve("missing") + "\n");
        CliRun.Result r = server("-t", "-f", f.toString());
        assertEquals(255, r.exit());
        assertTrue(r.err().endsWith("sshwire: sshd: no hostkeys available -- exiting.\n"), r.err());
    }

    @Test
    void dashTPrintsTheEffectiveConfigurationAndDashOWinsOverTheFile() throws Exception {
        Path f = config("MaxAuthTries 3\nPasswordAuthentication no\n");
        String out = "\n" + server("-T", "-f", f.toString(), "-o", "MaxAuthTries=5").out();
        assertTrue(out.contains("\nmaxauthtries 5\n"), out);
        assertTrue(out.contains("\npasswordauthentication no\n"), out);
        assertTrue(out.contains("\nport 22\n"), out); // sshd's default for what the file leaves out
        assertTrue(out.contains("\nhostkey " + hostKey + "\n"), out);
    }

    @Test
    void dashCSelectsTheMatchContextOfDashT() throws Exception {
        Path f = config("Match User alice\n  ForceCommand echo forced\n  PermitTTY no\n");
        String alice = server("-T", "-f", f.toString(), "-C", "user=alice,host=h,addr=192.0.2.7,laddr=192.0.2.1,lport=22").out();
        String bob = server("-T", "-f", f.toString(), "-C", "user=bob,host=h,addr=192.0.2.7,laddr=192.0.2.1,lport=22").out();
        assertTrue(alice.contains("\nforcecommand echo forced\n"), alice);
        assertTrue(alice.contains("\npermittty no\n"), alice);
        assertFalse(bob.contains("forcecommand echo"), bob);
        assertTrue(bob.contains("\npermittty yes\n"), bob);
        CliRun.Result bad = server("-T", "-f", f.toString(), "-C", "nonsense=1");
        assertEquals(255, bad.exit());
        assertEquals("sshwire: Invalid test mode specification nonsense=1\n", bad.err());
        refused(server("-t", "-f", f.toString(), "-C", "user=alice"), "-C needs -T");
    }

    @Test
    void dashOIsCheckedByTheSameParserAsTheFile() throws Exception {
        CliRun.Result typo = server("-T", "-o", "MaxStartup=3");
        assertEquals(1, typo.exit());
        assertEquals("sshwire: unsupported option MaxStartup (see sshwire server --help)\n", typo.err());
        CliRun.Result bad = server("-T", "-o", "MaxAuthTries=many");
        assertEquals(255, bad.exit());
        assertTrue(bad.err().contains("command-line"), bad.err());
        refused(server("-T", "-o", "TCPKeepAlive=yes"),
                "unsupported value \"yes\" for TCPKeepAlive at command-line:1 (sshwire implements only TCPKeepAlive no)");
    }
}
