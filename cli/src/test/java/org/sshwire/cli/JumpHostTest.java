package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -J} hops parsed as ssh's parse_jump: user to the last '@', bracketed IPv6, ssh:// URIs. */
class JumpHostTest {
    @Test
    void formsSshAccepts() {
        assertEquals(List.of(new JumpHost(null, "bastion", null), new JumpHost("alice", "gw", 2222),
                new JumpHost("bob", "::1", 22), new JumpHost("carol@corp", "h", null), new JumpHost("dave", "u", 2200)),
                JumpHost.parseList("bastion,alice@gw:2222,ssh://bob@[::1]:22,carol@corp@h,ssh://dave@u:2200/"));
        assertEquals(List.of(), JumpHost.parseList("none"));
        assertEquals(22, new JumpHost(null, "h", null).portOrDefault());
    }

    @Test
    void formsSshRefuses() {
        for (String bad : List.of("", "h:0", "h:65536", "h:x", "@h", "[::1", "[::1]x", "ssh://h/p", "a,,b", "u@", "h\nx", "a b")) {
            UserErrors.ExitException e = assertThrows(UserErrors.ExitException.class, () -> JumpHost.parseList(bad), bad);
            assertEquals(255, e.code());
        }
        assertThrows(UserErrors.ExitException.class, () -> JumpHost.parseList("h,".repeat(JumpHost.MAX_HOPS) + "h"));
    }
}
