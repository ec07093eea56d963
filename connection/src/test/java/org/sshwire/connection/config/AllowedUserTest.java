package org.sshwire.connection.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AllowUsers, DenyUsers, AllowGroups and DenyGroups decided as sshd's auth.c {@code allowed_user}. */
class AllowedUserTest {
    static SshdSettings settings(String text) {
        return SshdConfig.parse(text, "t", Path.of("/etc/ssh")).global();
    }

    static Optional<String> why(String text, String user, List<String> groups, String address) {
        return settings(text).userRefusal(user, groups, address, address);
    }

    @Test
    void noListsAllowEveryone() {
        assertEquals(Optional.empty(), why("", "anyone", List.of(), "192.0.2.7"));
    }

    @Test
    void denyUsersWinsOverAllowUsers() {
        String cfg = "AllowUsers alice bob\nDenyUsers bob\n";
        assertEquals(Optional.empty(), why(cfg, "alice", List.of("alice"), "192.0.2.7"));
        assertEquals(Optional.of("User bob from 192.0.2.7 not allowed because listed in DenyUsers"),
                why(cfg, "bob", List.of("bob"), "192.0.2.7"));
        assertEquals(Optional.of("User carol from 192.0.2.7 not allowed because not listed in AllowUsers"),
                why(cfg, "carol", List.of("carol"), "192.0.2.7"));
    }

    @Test
    void userAtHostPatternsMatchTheClientAddressOrCidr() {
        String cfg = "AllowUsers alice@192.0.2.0/24 bob@10.*\n";
        assertEquals(Optional.empty(), why(cfg, "alice", List.of(), "192.0.2.200"));
        assertEquals(true, why(cfg, "alice", List.of(), "198.51.100.1").isPresent());
        assertEquals(Optional.empty(), why(cfg, "bob", List.of(), "10.1.2.3"));
        assertEquals(true, why(cfg, "bob", List.of(), "192.0.2.1").isPresent());
        // a negated address in the host part never matches, as match_host_and_ip
        assertEquals(true, why("AllowUsers alice@!192.0.2.7,*\n", "alice", List.of(), "192.0.2.7").isPresent());
        assertEquals(Optional.empty(), why("AllowUsers alice@!192.0.2.7,*\n", "alice", List.of(), "192.0.2.8"));
    }

    @Test
    void wildcardsInUserPatterns() {
        assertEquals(Optional.empty(), why("AllowUsers a?ice *x\n", "alice", List.of(), "192.0.2.7"));
        assertEquals(Optional.empty(), why("AllowUsers a?ice *x\n", "max", List.of(), "192.0.2.7"));
        assertEquals(true, why("AllowUsers a?ice *x\n", "bob", List.of(), "192.0.2.7").isPresent());
    }

    @Test
    void groupsAreCheckedAfterUsersDenyFirst() {
        String cfg = "AllowGroups staff sftp*\nDenyGroups wheel\n";
        assertEquals(Optional.empty(), why(cfg, "alice", List.of("alice", "staff"), "192.0.2.7"));
        assertEquals(Optional.empty(), why(cfg, "sam", List.of("sam", "sftponly"), "192.0.2.7"));
        assertEquals(Optional.of("User bob from 192.0.2.7 not allowed because a group is listed in DenyGroups"),
                why(cfg, "bob", List.of("bob", "staff", "wheel"), "192.0.2.7"));
        assertEquals(Optional.of("User eve from 192.0.2.7 not allowed because none of user's groups are listed in AllowGroups"),
                why(cfg, "eve", List.of("eve"), "192.0.2.7"));
        assertEquals(Optional.of("User ghost from 192.0.2.7 not allowed because not in any group"),
                why(cfg, "ghost", null, "192.0.2.7"));
        // group patterns are single wildcards: no '!' negation, as ga_match
        assertEquals(true, why("AllowGroups !staff\n", "eve", List.of("eve"), "192.0.2.7").isPresent());
    }

    @Test
    void deniedUserIsRefusedBeforeItsGroupsAreConsidered() {
        assertEquals(Optional.of("User alice from 192.0.2.7 not allowed because listed in DenyUsers"),
                why("DenyUsers alice\nAllowGroups staff\n", "alice", List.of("staff"), "192.0.2.7"));
    }
}
