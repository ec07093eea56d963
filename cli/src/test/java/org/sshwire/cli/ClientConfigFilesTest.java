package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sshwire ssh} and {@code sftp} with ssh_config: {@code -G}, and OpenSSH 10.1's refusal of
 * command-line user and host names that could inject through %-tokens into ProxyCommand (the
 * command never runs: the marker file it would create stays absent).
 */
class ClientConfigFilesTest {
    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path marker = dir.resolve("ran");
        Path f = dir.resolve("config");
        Files.writeString(f, "Host *\n  ProxyCommand touch " + marker + " && exec nc %h %p # %r\n  ConnectTimeout 2\n");
        return f;
    }

    @Test
    void dashGPrintsTheResolvedConfiguration() throws IOException {
        Path f = dir.resolve("g.conf");
        Files.writeString(f, "Host web\n  HostName web.example.org\n  Port 2200\n  User deploy\n");
        CliRun.Result r = CliRun.sshwire("ssh", "-F", f.toString(), "-G", "web");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("host web", "user deploy", "hostname web.example.org", "port 2200"), lines.subList(0, 4));
        CliRun.Result flags = CliRun.sshwire("ssh", "-F", f.toString(), "-p", "2300", "-l", "me", "-G", "other@web");
        assertEquals(List.of("host web", "user me", "hostname web.example.org", "port 2300"),
                flags.out().lines().toList().subList(0, 4));
    }

    @Test
    void hostNamesWithShellMetacharactersNeverReachProxyCommand() throws IOException {
        Path f = config();
        for (String host : List.of("a;id", "a$(id)", "a`id`", "a|b", "-oProxyCommand=x", "a b", "a\nb")) {
            // "--": a name that starts with '-' reaches us as the destination (as from a URL handler)
            CliRun.Result r = CliRun.sshwire("ssh", "-F", f.toString(), "--", host, "true");
            assertEquals(255, r.exit(), host + ": " + r.err());
            assertEquals("sshwire: hostname contains invalid characters", r.err().strip(), host);
        }
        assertFalse(Files.exists(dir.resolve("ran")), "ProxyCommand ran");
    }

    @Test
    void userNamesWithShellMetacharactersNeverReachProxyCommand() throws IOException {
        Path f = config();
        for (String[] args : List.of(new String[] {"a;id@host"}, new String[] {"-l", "$(id)x`y`", "host"},
                new String[] {"-l", "a|b", "host"}, new String[] {"x -oProxyCommand=y@host"})) {
            List<String> cmd = new java.util.ArrayList<>(List.of("ssh", "-F", f.toString()));
            cmd.addAll(List.of(args));
            cmd.add("true");
            CliRun.Result r = CliRun.sshwire(cmd.toArray(String[]::new));
            assertEquals(255, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("sshwire: remote username contains invalid characters", r.err().strip(), String.join(" ", args));
        }
        CliRun.Result sftp = CliRun.sshwire("sftp", "-F", f.toString(), "-b", "/dev/null", "a;id@host");
        assertEquals(255, sftp.exit(), sftp.err());
        assertTrue(sftp.err().contains("remote username contains invalid characters"), sftp.err());
        assertFalse(Files.exists(dir.resolve("ran")), "ProxyCommand ran");
    }

    @Test
    void aBadConfigurationIsRefusedWithSshsMessage() throws IOException {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "Port 22\nNoSuchThing yes\n");
        CliRun.Result r = CliRun.sshwire("ssh", "-F", f.toString(), "-G", "host");
        assertEquals(255, r.exit());
        assertEquals("sshwire: " + f + ": line 2: Bad configuration option: nosuchthing\n" + f
                + ": terminating, 1 bad configuration options", r.err().strip());
    }
}
