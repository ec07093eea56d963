package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups from /etc/passwd and /etc/shadow only where NSS would answer from them the same. */
class NssFilesTest {
    @Test
    void filesAnswerOnlyWhenNsswitchAsksThemFirstWithoutAnAction() {
        assertTrue(NssFiles.filesFirst(List.of("# comment", "passwd:         files systemd", "group: files"), "passwd"));
        assertTrue(NssFiles.filesFirst(List.of("shadow: files # only files"), "shadow"));
        assertFalse(NssFiles.filesFirst(List.of("passwd: sss files"), "passwd"), "another source first");
        assertFalse(NssFiles.filesFirst(List.of("passwd: files [SUCCESS=continue] ldap"), "passwd"), "an action after files");
        assertFalse(NssFiles.filesFirst(List.of("passwd: compat"), "passwd"));
        assertFalse(NssFiles.filesFirst(List.of("group: files", "passwdx: files"), "passwd"), "no passwd line: getent decides");
        assertFalse(NssFiles.filesFirst(List.of("#passwd: files", "passwd: ldap files"), "passwd"), "a commented-out line does not count");
    }

    @Test
    void theEntryIsTheFirstLineOfExactlyThatName() {
        List<String> passwd = List.of("# local accounts", "root:x:0:0:root:/root:/bin/bash", "al:x:1000:1000::/home/al:/bin/sh",
                "  alice:x:1001:1001::/home/alice:/bin/zsh", "alice:x:1002:1002::/home/other:/bin/sh");
        assertEquals(Optional.of("alice:x:1001:1001::/home/alice:/bin/zsh"), NssFiles.entry(passwd, "alice"));
        assertEquals(Optional.of("al:x:1000:1000::/home/al:/bin/sh"), NssFiles.entry(passwd, "al"));
        assertEquals(Optional.empty(), NssFiles.entry(passwd, "bob"));
        assertEquals(Optional.empty(), NssFiles.entry(List.of("+@admins", "alice:x:1:1::/h:/bin/sh"), "alice"),
                "compat references: only NSS can resolve them");
    }

    @Test
    void lookupReadsTheDatabaseFileAndGivesUpWhereGetentMustDecide(@TempDir Path dir) throws Exception {
        Path nsswitch = dir.resolve("nsswitch.conf");
        Files.writeString(nsswitch, "passwd: files systemd\nshadow: ldap files\n");
        Files.writeString(dir.resolve("passwd"), "alice:x:1001:1001::/home/alice:/bin/sh\n");
        Files.writeString(dir.resolve("shadow"), "alice:*:20000:0:99999:7:::\n");
        NssFiles files = new NssFiles(nsswitch, dir);
        assertEquals(Optional.of("alice:x:1001:1001::/home/alice:/bin/sh"), files.lookup("passwd", "alice"));
        assertEquals(Optional.empty(), files.lookup("passwd", "bob"), "not in the file: the next sources may have it");
        assertEquals(Optional.empty(), files.lookup("shadow", "alice"), "ldap first");
        assertEquals(Optional.empty(), new NssFiles(dir.resolve("missing.conf"), dir).lookup("passwd", "alice"));
        Files.delete(dir.resolve("passwd"));
        assertEquals(Optional.empty(), files.lookup("passwd", "alice"), "no file");
    }

    @Test
    void shadowLinesComeWithoutTheirPasswordHash(@TempDir Path dir) throws Exception {
        Path nsswitch = dir.resolve("nsswitch.conf");
        Files.writeString(nsswitch, "passwd: files\nshadow: files\n");
        Files.writeString(dir.resolve("shadow"), "# comment\nalice:$6$salt$hash:20000:0:99999:7:30:20500:\nbob:!:19000::::::\n");
        NssFiles files = new NssFiles(nsswitch, dir);
        assertEquals(Optional.of("alice:*:20000:0:99999:7:30:20500:"), files.lookup("shadow", "alice"));
        assertEquals(Optional.of("bob:*:19000::::::"), files.lookup("shadow", "bob"));
        assertTrue(SystemAccounts.shadowExpired(files.lookup("shadow", "alice").orElseThrow(), 20500), "the ageing fields stay");
    }

    @Test
    void anAccountAddedAfterTheFirstLoginIsFoundByTheNext(@TempDir Path dir) throws Exception {
        Path nsswitch = dir.resolve("nsswitch.conf");
        Files.writeString(nsswitch, "passwd: files\n");
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "alice:x:1001:1001::/home/alice:/bin/sh\n");
        NssFiles files = new NssFiles(nsswitch, dir);
        assertEquals(Optional.empty(), files.lookup("passwd", "carol"));
        Path next = dir.resolve("passwd+");
        Files.writeString(next, "alice:x:1001:1001::/home/alice:/bin/sh\ncarol:x:1003:1003::/home/carol:/bin/sh\n");
        Files.move(next, passwd, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Optional.of("carol:x:1003:1003::/home/carol:/bin/sh"), files.lookup("passwd", "carol"));
    }

    /** On this machine: where the files answer at all, they answer what getent prints. */
    @Test
    void theSystemsFilesAnswerIsGetentsAnswer() throws Exception {
        for (String name : new String[] {"root", System.getProperty("user.name")}) {
            Optional<String> files = NssFiles.SYSTEM.lookup("passwd", name);
            if (files.isPresent()) {
                assertEquals(getent("passwd", name), files, name);
                assertEquals(SystemAccounts.parse(getent("passwd", name).orElseThrow(), name), SystemAccounts.parse(files.get(), name));
            }
        }
    }

    private static Optional<String> getent(String db, String name) throws Exception {
        Process p = new ProcessBuilder("getent", db, "--", name).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return p.exitValue() == 0 ? Optional.of(out.lines().findFirst().orElse("")) : Optional.empty();
    }
}
