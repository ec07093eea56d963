package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sshwire proxy}'s mistakes on the command line: each a one-line error before anything listens. */
class ProxyCommandTest {
    @TempDir
    Path dir;

    CliRun.Result proxy(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("proxy", "--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--record-dir", dir.resolve("rec").toString()));
        args.addAll(List.of(extra));
        return CliRun.sshwire(args.toArray(String[]::new));
    }

    @Test
    void missingFilesAndMalformedRoutesAreNamed() throws Exception {
        Path keys = Files.writeString(dir.resolve("users.pub"), "");
        Path known = Files.writeString(dir.resolve("known_hosts"), "");
        Path routes = Files.write(dir.resolve("routes"), List.of("alice root@db1", "bob db2"));

        CliRun.Result noUsers = proxy("--upstream-known-hosts", known.toString());
        assertEquals(1, noUsers.exit(), noUsers.err());
        assertEquals("sshwire: no user could log in: give --authorized-keys or --passwords", noUsers.err().strip());

        CliRun.Result noKeys = proxy("--authorized-keys", dir.resolve("absent.pub").toString(), "--upstream-known-hosts", known.toString());
        assertEquals("sshwire: authorized keys file " + dir.resolve("absent.pub") + " does not exist", noKeys.err().strip());

        CliRun.Result noKnown = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", dir.resolve("kh").toString());
        assertEquals("sshwire: upstream known hosts file " + dir.resolve("kh") + " does not exist", noKnown.err().strip());

        CliRun.Result badRoutes = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", known.toString(),
                "--routes", routes.toString());
        assertEquals("sshwire: " + routes + " line 2: 'db2' is not USER@HOST[:PORT]", badRoutes.err().strip());
        assertEquals(false, Files.exists(dir.resolve("data")), "no host key is generated for a command line that is refused");
    }
}
