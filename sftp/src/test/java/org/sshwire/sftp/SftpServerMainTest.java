package org.sshwire.sftp;

import org.sshwire.sftp.internal.SftpServerMain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSH sftp-server's command line, as SftpServerMain reads it. */
class SftpServerMainTest {
    @TempDir
    Path dir;

    @Test
    void openSshFlagsAreAccepted() throws Exception {
        SftpServerMain.Options o = SftpServerMain.parse(new String[] {"-e", "-R", "-l", "DEBUG3", "-f", "AUTH",
            "-u", "027", "-P", "remove,rmdir", "-p", "open,read,close", "-d", dir.toString()});
        assertTrue(o.readOnly());
        assertEquals(Level.FINEST, o.logLevel());
        assertEquals(027, o.umask());
        assertEquals(Set.of("remove", "rmdir"), o.denied());
        assertEquals(Set.of("open", "read", "close"), o.allowed());
        // OpenSSH's: the whole file system, starting in -d
        assertEquals(Path.of("/"), o.root());
        assertEquals(dir.toRealPath().toString(), o.start());
    }

    @Test
    void byDefaultTheWholeFileSystemStartingInTheWorkingDirectory() throws Exception {
        SftpServerMain.Options o = SftpServerMain.parse(new String[0]);
        assertEquals(Path.of("/"), o.root());
        assertEquals(Path.of("").toAbsolutePath().toRealPath().toString(), o.start());
        // chdir to a missing -d fails and is only logged, as OpenSSH's: the working directory
        assertEquals(o.start(), SftpServerMain.parse(new String[] {"-d", dir.resolve("missing").toString()}).start());
    }

    @Test
    void startDirectoryIsExpandedAsOpenSshDoes() {
        assertEquals("/home/me/x%/me", SftpServerMain.percentExpand("%d/x%%/%u", "/home/me", "me"));
        assertThrows(IllegalArgumentException.class, () -> SftpServerMain.percentExpand("%h", "/h", "u"));
    }

    @Test
    void withARootTheStartDirectoryIsInsideIt() {
        SftpServerMain.Options o = SftpServerMain.parse(new String[] {"-r", "/srv", "-dhome/me", "-eR"});
        assertEquals(Path.of("/srv"), o.root());
        assertEquals("home/me", o.start());
        assertTrue(o.readOnly());
        assertNull(o.allowed());
    }

    @Test
    void badArgumentsAndHelpAreUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> SftpServerMain.parse(new String[] {"-h"}));
        assertThrows(IllegalArgumentException.class, () -> SftpServerMain.parse(new String[] {"-u", "999"}));
        assertThrows(IllegalArgumentException.class, () -> SftpServerMain.parse(new String[] {"-l", "LOUD"}));
        assertThrows(IllegalArgumentException.class, () -> SftpServerMain.parse(new String[] {"-x"}));
        assertThrows(IllegalArgumentException.class, () -> SftpServerMain.parse(new String[] {"-d"}));
    }

    @Test
    void queryRequestsListsEveryNameTheListsAccept() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        assertEquals(0, SftpServerMain.query("requests", new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8)));
        String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(out.startsWith("open\nclose\n") && out.contains("\nusers-groups-by-id\n"), out);
        assertEquals(1, SftpServerMain.query("ciphers", new java.io.PrintStream(new java.io.ByteArrayOutputStream())));
    }

    @Test
    void ourRequestNamesAreExactlyOpenSshSftpServers() throws Exception {
        OpenSsh.require(OpenSsh.SFTP_SERVER);
        Process p = new ProcessBuilder(OpenSsh.SFTP_SERVER.toString(), "-Q", "requests").start();
        String theirs = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(java.util.List.of(theirs.strip().split("\n")), SftpServerMain.REQUESTS);
    }
}
