package org.sshwire.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner names in listings follow the account files as they change, as getpwuid does. */
class HostAccountsTest {
    @TempDir
    Path dir;

    /** useradd's way: a new file renamed over the old one. */
    private static void replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "+");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anAccountAddedWhileServingGetsItsNameAtTheNextLookup() throws IOException {
        Path passwd = dir.resolve("passwd");
        Path group = dir.resolve("group");
        replace(passwd, "root:x:0:0:root:/root:/bin/bash\n");
        replace(group, "root:x:0:\n");
        HostAccounts accounts = new HostAccounts(passwd, group);
        assertEquals("root", accounts.user(0));
        assertEquals("", accounts.user(1234));
        assertEquals("", accounts.group(1234));

        replace(passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1234:1234::/home/alice:/bin/sh\n");
        replace(group, "root:x:0:\nalice:x:1234:\n");
        assertEquals("alice", accounts.user(1234));
        assertEquals("alice", accounts.group(1234));
    }

    @Test
    void theFirstNameOfAnIdWinsAndMalformedLinesNameNobody() throws IOException {
        Path passwd = dir.resolve("passwd");
        replace(passwd, "toor:x:0:0::/root:/bin/sh\nroot:x:0:0::/root:/bin/sh\nbroken:x:notanumber:0::/:/bin/sh\nshort\n");
        HostAccounts accounts = new HostAccounts(passwd, dir.resolve("group"));
        assertEquals("toor", accounts.user(0));
        assertEquals("", accounts.group(0), "a missing group file names nobody");
    }
}
