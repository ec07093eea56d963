package org.sshwire.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.proxy.AccessPolicy.Forwarding;

/** The bastion's per-user policy: the file format, its errors by FILE:LINE, and how rules match. */
class AccessPolicyTest {
    @TempDir
    Path dir;

    Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("policy"), List.of(lines));
    }

    @Test
    void aFileReadsIntoRulesWithTheDefaultsFilledIn() throws Exception {
        AccessPolicy p = AccessPolicy.parse(file(
                "# the bastion's policy",
                "MaxSessionTime 8h",
                "Forwarding local",
                "",
                "User alice,ops-*",
                "    Target *@db*:22 root@10.0.0.*",
                "    Target app@web1",
                "    Forwarding local,agent",
                "    MaxSessionTime 1h30m",
                "user bob",
                "    forwarding=none",
                "    AllowCommand uptime|df -h",
                "User erin",
                "    ForceCommand /usr/local/bin/report --user \"$USER\"",
                "User *"));
        AccessPolicy.Rule alice = p.ruleFor("alice@db1:22").orElseThrow();
        assertEquals(List.of("alice", "ops-*"), alice.users());
        assertEquals(List.of("*@db*:22", "root@10.0.0.*", "app@web1"), alice.targets());
        assertEquals(EnumSet.of(Forwarding.LOCAL, Forwarding.AGENT), EnumSet.copyOf(alice.forwarding()));
        assertEquals(Optional.of(Duration.ofMinutes(90)), alice.maxSession());
        assertEquals(Optional.empty(), alice.commands());

        AccessPolicy.Rule bob = p.ruleFor("bob").orElseThrow();
        assertEquals(List.of("*"), bob.targets(), "no Target anywhere: any target");
        assertEquals(Set.of(), bob.forwarding());
        assertEquals(Optional.of(Duration.ofHours(8)), bob.maxSession(), "the default");
        assertEquals("uptime|df -h", bob.commands().orElseThrow().pattern());
        assertEquals(Optional.empty(), bob.forceCommand());
        assertEquals(Optional.of("/usr/local/bin/report --user \"$USER\""), p.ruleFor("erin").orElseThrow().forceCommand(),
                "the rest of the line, as written");

        AccessPolicy.Rule other = p.ruleFor("carol@web9").orElseThrow();
        assertEquals(List.of("*"), other.users());
        assertEquals(Set.of(Forwarding.LOCAL), other.forwarding(), "the default");
    }

    @Test
    void theFirstRuleWhoseUserPatternMatchesTheBastionUserApplies() {
        AccessPolicy p = AccessPolicy.builder()
                .user("ops-?").forwarding(Forwarding.REMOTE)
                .user("ops-*").forwarding(Forwarding.LOCAL)
                .build();
        assertEquals(Set.of(Forwarding.REMOTE), p.ruleFor("ops-a@db1").orElseThrow().forwarding());
        assertEquals(Set.of(Forwarding.LOCAL), p.ruleFor("ops-ab@db1").orElseThrow().forwarding());
        // The bastion user is the login before its last @: a route's host is never matched as a user.
        assertEquals(Optional.empty(), p.ruleFor("alice@ops-a"));
        assertEquals(Optional.empty(), p.ruleFor("OPS-a"), "user names match case-sensitively");
        assertEquals("a@corp", AccessPolicy.bastionUser("a@corp@db1:22"));
        assertEquals("alice", AccessPolicy.bastionUser("alice"));
    }

    @Test
    void targetPatternsMatchUserHostAndPortEachWithWildcards() {
        AccessPolicy.Rule r = AccessPolicy.builder().user("*").targets("*@db?:22", "root@10.0.0.*", "web1", "*@[fd00::*]:2*").build()
                .ruleFor("x").orElseThrow();
        assertTrue(r.allowsTarget(Route.parse("alice@db1:22")));
        assertTrue(r.allowsTarget(Route.parse("alice@DB1:22")), "host names match without regard to case");
        assertFalse(r.allowsTarget(Route.parse("alice@db1:2222")));
        assertFalse(r.allowsTarget(Route.parse("alice@db12:22")));
        assertTrue(r.allowsTarget(Route.parse("root@10.0.0.7:2200")), "no port: any port");
        assertFalse(r.allowsTarget(Route.parse("admin@10.0.0.7")));
        assertTrue(r.allowsTarget(Route.parse("anyone@web1:8022")), "no user: any user");
        assertFalse(r.allowsTarget(Route.parse("anyone@web10")));
        assertTrue(r.allowsTarget(Route.parse("bob@[fd00::5]:22")));
        assertFalse(r.allowsTarget(Route.parse("bob@[fd01::5]:22")));
    }

    @Test
    void aUserNoRuleMatchesHasNoRuleAndAllowAllAllowsEverything() {
        assertEquals(Optional.empty(), AccessPolicy.builder().user("alice").build().ruleFor("bob"));
        assertEquals(Optional.empty(), AccessPolicy.builder().build().ruleFor("bob"), "no rules: nobody");
        AccessPolicy.Rule all = AccessPolicy.allowAll().ruleFor("anyone@anywhere:1").orElseThrow();
        assertTrue(all.allowsTarget(Route.parse("root@anything:65535")));
        assertEquals(EnumSet.allOf(Forwarding.class), EnumSet.copyOf(all.forwarding()));
        assertEquals(Optional.empty(), all.maxSession());
        assertEquals(Optional.empty(), all.commands());
    }

    @Test
    void timesReadAsSshdReadsThemAndNoneOrZeroIsNoLimit() throws Exception {
        for (String[] c : new String[][] {{"90", "PT1M30S"}, {"30s", "PT30S"}, {"10M", "PT10M"}, {"1h30m", "PT1H30M"},
                {"2d", "PT48H"}, {"1w", "PT168H"}, {"1m1s", "PT1M1S"}}) {
            AccessPolicy p = AccessPolicy.parse(file("User *", "MaxSessionTime " + c[0]));
            assertEquals(Duration.parse(c[1]), p.ruleFor("a").orElseThrow().maxSession().orElseThrow(), c[0]);
        }
        assertEquals(Optional.empty(), AccessPolicy.parse(file("MaxSessionTime 1h", "User *", "MaxSessionTime none"))
                .ruleFor("a").orElseThrow().maxSession(), "a rule's none overrides the default");
        assertEquals(Optional.empty(), AccessPolicy.parse(file("User *", "MaxSessionTime 0")).ruleFor("a").orElseThrow().maxSession());
    }

    @Test
    void badLinesAreReportedWithFileAndLineNumber() throws Exception {
        String[][] cases = {
                {"Frobnicate yes", "unknown keyword 'Frobnicate'"},
                {"Target", "Target needs a value"},
                {"Target alice@db1:22x", "port '22x' is not a number or pattern"},
                {"Target alice@[::1", "unclosed ["},
                {"Target @db1", "empty user, host or port"},
                {"Forwarding local,sideways", "unknown kind 'sideways'"},
                {"MaxSessionTime 5 minutes", "'5 minutes' is not a time"},
                {"MaxSessionTime 99999999999999999999", "too long a time"},
                {"MaxSessionTime 600000h", "too long a time"},
                {"AllowCommand (unclosed", "bad regular expression"},
                {"ForceCommand", "ForceCommand needs a value"},
        };
        for (String[] c : cases) {
            Path f = file("# comment", "User alice", "    " + c[0]);
            IOException e = assertThrows(IOException.class, () -> AccessPolicy.parse(f), c[0]);
            assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void theBuilderRefusesWhatTheFileWouldAndAcceptsEveryTargetItDocuments() {
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().user());
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().user("a b"));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().targets("db1:x"));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().maxSession(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.builder().forceCommand(" "));
        AccessPolicy p = AccessPolicy.builder().user("*").targets("db1", "db1:22", "u@db1", "u@db1:22", "[::1]", "u@[::1]:22")
                .commands(Pattern.compile("x")).build();
        assertEquals(6, p.ruleFor("a").orElseThrow().targets().size());
    }
}
