package org.sshwire.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** OpenSSH sftp-server's command line, as SftpServerMain reads it. */
class SftpServerMainTest {
    @Test
    void openSshFlagsAreAccepted() {
        SftpServerMain.Options o = SftpServerMain.parse(new String[] {"-e", "-R", "-l", "DEBUG3", "-f", "AUTH",
            "-u", "027", "-P", "remove,rmdir", "-p", "open,read,close", "-d", "/srv/sftp"});
        assertTrue(o.readOnly());
        assertEquals(Level.FINEST, o.logLevel());
        assertEquals(027, o.umask());
        assertEquals(Set.of("remove", "rmdir"), o.denied());
        assertEquals(Set.of("open", "read", "close"), o.allowed());
        assertEquals(Path.of("/srv/sftp"), o.root());
        assertEquals("/", o.start());
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
}
