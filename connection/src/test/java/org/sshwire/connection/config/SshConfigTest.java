package org.sshwire.connection.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh_config behaviour that {@code ssh -G} cannot show side by side: bounds on what a file can make
 * the reader do, the command line's limits, Match exec's short-circuit, canonicalisation through a
 * resolver of the test's own, and OpenSSH 10.1's checks on command-line user and host names.
 */
class SshConfigTest {
    @TempDir
    Path tmp;

    private final List<String> executed = new ArrayList<>();

    private SshConfig.Builder builder(Path file, java.util.function.Predicate<String> resolves) {
        ClientContext ctx = new ClientContext("tester", 1000, tmp.toString(), "client.example.org", n -> null,
                cmd -> {
                    executed.add(cmd);
                    return cmd.contains("true") ? 0 : 1;
                }, resolves);
        return SshConfig.builder().configFile(file).context(ctx);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    @Test
    void anIncludeLoopStopsAtSshsDepthLimit() throws IOException {
        Path f = write("loop.conf", "Include " + tmp.resolve("loop.conf") + "\n");
        SshConfigException e = assertThrows(SshConfigException.class, () -> builder(f, n -> false).build().resolve("h"));
        assertTrue(e.getMessage().contains("Too many recursive configuration includes"), e.getMessage());
    }

    @Test
    void anIncludedFileOthersCanWriteIsRefused() throws IOException {
        Path inc = write("inc.conf", "Port 2\n");
        Files.setPosixFilePermissions(inc, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path f = write("main.conf", "Include " + inc + "\n");
        SshConfigException e = assertThrows(SshConfigException.class, () -> builder(f, n -> false).build().resolve("h"));
        assertEquals("Bad owner or permissions on " + inc, e.getMessage());
    }

    @Test
    void aFileLargerThanTheBoundIsRefusedBeforeItIsRead() throws IOException {
        Path f = tmp.resolve("big.conf");
        Files.write(f, new byte[ClientParser.MAX_FILE_BYTES + 1]);
        SshConfigException e = assertThrows(SshConfigException.class, () -> builder(f, n -> false).build().resolve("h"));
        assertTrue(e.getMessage().contains("configuration too large"), e.getMessage());
    }

    @Test
    void aMissingConfigFileGivenWithDashFIsAnError() {
        Path f = tmp.resolve("absent.conf");
        SshConfigException e = assertThrows(SshConfigException.class, () -> builder(f, n -> false).build().resolve("h"));
        assertEquals("Can't open user config file " + f + ": No such file or directory", e.getMessage());
    }

    @Test
    void hostMatchAndIncludeAreRefusedOnTheCommandLine() throws IOException {
        Path f = write("empty.conf", "");
        for (String line : List.of("Host x", "Match all")) {
            SshConfigException e = assertThrows(SshConfigException.class,
                    () -> builder(f, n -> false).option(line).build().resolve("h"));
            assertEquals("Host directive not supported as a command-line option", e.getMessage());
        }
        SshConfigException e = assertThrows(SshConfigException.class,
                () -> builder(f, n -> false).option("Include /etc/passwd").build().resolve("h"));
        assertEquals("Include directive not supported as a command-line option", e.getMessage());
    }

    @Test
    void anUnknownPercentTokenIsAnError() throws IOException {
        Path f = write("tok.conf", "HostName %z.example.com\n");
        SshConfigException e = assertThrows(SshConfigException.class, () -> builder(f, n -> false).build().resolve("h"));
        assertEquals("percent_expand: unknown key %z", e.getMessage());
    }

    @Test
    void matchExecRunsOnlyWhileEarlierCriteriaHold() throws IOException {
        Path f = write("exec.conf", "Match host other exec \"run-1 %h\"\n  User a\n"
                + "Match host h exec \"true %h %p %r %u %n\"\n  User b\n");
        SshClientSettings s = builder(f, n -> false).build().resolve("h");
        assertEquals("b", s.user());
        assertEquals(List.of("true h 22 tester tester h"), executed);
    }

    @Test
    void canonicalisationTriesEachDomainAndRereadsTheFile() throws IOException {
        Path f = write("canon.conf", "CanonicalizeHostname yes\nCanonicalDomains one.test two.test\n"
                + "Host web.two.test\n  User canonical\n  Port 2200\n");
        List<String> asked = new ArrayList<>();
        SshClientSettings s = builder(f, n -> {
            asked.add(n);
            return n.equals("web.two.test.");
        }).build().resolve("web");
        assertEquals(List.of("web.one.test.", "web.two.test."), asked);
        assertEquals("web.two.test", s.hostName());
        assertEquals("canonical", s.user());
        assertEquals(2200, s.port());
        assertEquals("web", s.host());
    }

    @Test
    void canonicalisationWithoutFallbackFailsForAnUnknownName() throws IOException {
        Path f = write("canon2.conf", "CanonicalizeHostname yes\nCanonicalDomains one.test\nCanonicalizeFallbackLocal no\n");
        SshConfigException e = assertThrows(SshConfigException.class, () -> builder(f, n -> false).build().resolve("web"));
        assertEquals("ssh: Could not resolve host \"web\"", e.getMessage());
    }

    @Test
    void proxyCommandTokensAreExpandedForUse() throws IOException {
        Path f = write("proxy.conf", "Host h\n  HostName real.example.com\n  User alice\n  Port 2022\n"
                + "  ProxyCommand connect %h %p %r %n %%\n");
        SshClientSettings s = builder(f, n -> false).build().resolve("h");
        assertEquals(Optional.of("connect real.example.com 2022 alice h %"), s.proxyCommand());
    }

    @Test
    void typedSettingsFollowTheFile() throws IOException {
        Path f = write("typed.conf", "StrictHostKeyChecking accept-new\nSendEnv LANG LC_*\nSetEnv A=1 B=x=y\n"
                + "ServerAliveInterval 30\nConnectTimeout 5\nIdentityFile ~/.ssh/id_%r\nCompression yes\n"
                + "LocalForward 8080 localhost:80\nDynamicForward 1080\nProxyJump a@j1:2022,j2\n"
                + "UserKnownHostsFile %d/kh\nEscapeChar none\n");
        SshClientSettings s = builder(f, n -> false).option("User=bob").build().resolve("h");
        assertEquals("accept-new", s.strictHostKeyChecking());
        assertEquals(List.of("LANG", "LC_*"), s.sendEnv());
        assertEquals(Map.of("A", "1", "B", "x=y"), s.setEnv());
        assertEquals(30, s.serverAliveInterval());
        assertEquals(Optional.of(java.time.Duration.ofSeconds(5)), s.connectTimeout());
        assertEquals(List.of(tmp.resolve(".ssh/id_bob")), s.identityFiles());
        assertFalse(s.identityFilesAreDefaults());
        assertTrue(s.compression());
        assertEquals(1, s.localForwards().size());
        assertEquals(Optional.of("localhost"), s.localForwards().get(0).connectHost());
        assertEquals(1080, s.dynamicForwards().get(0).listenPort());
        assertEquals(Optional.of("a@j1:2022,j2"), s.proxyJump());
        assertEquals(List.of(tmp.resolve("kh")), s.userKnownHostsFiles());
        assertEquals(-1, s.escapeChar());
    }

    @Test
    void commandLineNamesWithShellMetacharactersAreRefused() {
        for (String bad : List.of("-oProxyCommand=x", "a;b", "a`id`", "a$(id)", "a|b", "a b", "a\nb", "a'b", "a,b",
                "a\\b", "a&b", "a>b", "a{b}")) {
            assertFalse(SshConfig.isSafeHost(bad), bad);
        }
        for (String good : List.of("host", "host.example.com", "192.0.2.1", "::1", "[::1]", "h_1-2")) {
            assertTrue(SshConfig.isSafeHost(good), good);
        }
        for (String bad : List.of("-l", "a;b", "a`id`", "a|b", "a -x", "a\u0001", "trailing\\", "a\"b", "a(b)",
                "a<b")) {
            assertFalse(SshConfig.isSafeUser(bad), bad);
        }
        for (String good : List.of("alice", "DOMAIN\\user", "user@realm", "first last", "a$b", "a.b-c_d")) {
            assertTrue(SshConfig.isSafeUser(good), good);
        }
    }
}
