package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The client commands' small parsers: sftp destinations, -D, the banner's sanitising, ssh's key type names. */
class ClientArgumentsTest {
    @Test
    void sftpDestinationsAsOpenSshsSftpReadsThem() {
        assertEquals(new SftpDestination(null, "h", null, null), SftpDestination.parse("h"));
        assertEquals(new SftpDestination("u", "h", null, null), SftpDestination.parse("u@h"));
        assertEquals(new SftpDestination("u", "h", null, "dir/f.txt"), SftpDestination.parse("u@h:dir/f.txt"));
        assertEquals(new SftpDestination(null, "h", null, "."), SftpDestination.parse("h:"));
        assertEquals(new SftpDestination("u@corp", "h", null, "/abs/"), SftpDestination.parse("u@corp@h:/abs/"));
        assertEquals(new SftpDestination("u", "::1", null, "p"), SftpDestination.parse("u@[::1]:p"));
        assertEquals(new SftpDestination(null, "::1", null, null), SftpDestination.parse("[::1]"));
        // A '/' before any ':' is a local-looking path: the whole is a host name (and fails to resolve), as in sftp.
        assertEquals(new SftpDestination(null, "a/b:c", null, null), SftpDestination.parse("a/b:c"));
        assertEquals(new SftpDestination("al ice", "h", 2222, "some dir/f"), SftpDestination.parse("sftp://al%20ice@h:2222/some%20dir/f"));
        assertEquals(new SftpDestination(null, "::1", 22, null), SftpDestination.parse("sftp://[::1]:22/"));
        for (String bad : List.of("sftp://", "sftp://h:0", "sftp://h:x", "sftp://u;fingerprint=x@h", "sftp://h/%zz", "sftp://h/%00", "u@:p")) {
            assertEquals(255, assertThrows(UserErrors.ExitException.class, () -> SftpDestination.parse(bad), bad).code());
        }
        assertEquals("a\\ b\\\"c*.txt", SftpDestination.word("a b\"c*.txt"));
    }

    @Test
    void bannersAreMadeSafeAsSsh92ShowsThem() {
        // Checked against ssh 9.2: tab, CR, LF and printable UTF-8 pass; each byte of anything else is \ooo.
        assertEquals("a\tb\rc\\010d\\007e\\177f\\033g\u00e9h\\302\\233i\\001j\n",
                AuthBanner.sanitize("a\tb\rc\bd\u0007e\u007ff\u001bg\u00e9h\u009bi\u0001j\n"));
        java.io.StringWriter w = new java.io.StringWriter();
        AuthBanner.printer(new java.io.PrintWriter(w), "QUIET").accept("hidden\n");
        AuthBanner.printer(new java.io.PrintWriter(w), "error").accept("hidden\n");
        AuthBanner.printer(new java.io.PrintWriter(w), "VERBOSE").accept("shown\n");
        assertEquals("shown\n", w.toString());
    }

    @Test
    void sshsShortKeyTypeNames() {
        assertEquals("ED25519", KeyNames.sshType("ssh-ed25519"));
        assertEquals("ECDSA", KeyNames.sshType("ecdsa-sha2-nistp384"));
        assertEquals("RSA", KeyNames.sshType("ssh-rsa"));
        assertEquals("ED25519-CERT", KeyNames.sshType("ssh-ed25519-cert-v01@openssh.com"));
        assertEquals("ECDSA-SK", KeyNames.sshType("sk-ecdsa-sha2-nistp256@openssh.com"));
    }

    @Test
    void debugLinesAreSshStyleAndAReconfigureDoesNotDoubleThem() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            ClientDebug.configure(1);
            ClientDebug.debug1("SSH2_MSG_KEXINIT sent");
            ClientDebug.verbose("Authenticated to h ([h]:2222) using \"publickey\".");
            ClientDebug.configure(1); // a second command in the same JVM
            ClientDebug.debug1("Host 'h' is known");
            ClientDebug.configure(0.5); // LogLevel VERBOSE: no debug1
            ClientDebug.debug1("hidden");
            ClientDebug.verbose("shown");
            ClientDebug.configure(0);
            ClientDebug.verbose("hidden too");
        } finally {
            System.setErr(saved);
        }
        assertEquals("debug1: SSH2_MSG_KEXINIT sent\r\nAuthenticated to h ([h]:2222) using \"publickey\".\r\n"
                + "debug1: Host 'h' is known\r\nshown\r\n", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void verbosityFromFlagsOrLogLevel() {
        assertEquals(3, ClientDebug.verbosity(5, "QUIET"));
        assertEquals(0.5, ClientDebug.verbosity(0, "verbose"));
        assertEquals(2, ClientDebug.verbosity(0, "DEBUG2"));
        assertEquals(0, ClientDebug.verbosity(0, null));
    }
}
