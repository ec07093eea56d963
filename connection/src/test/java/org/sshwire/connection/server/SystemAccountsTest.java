package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemAccountsTest {
    @Test
    void namesGetentWouldReadAsSomethingElseAreNeverLookedUp() {
        for (String bad : new String[] {"0", "1000", "-r", "a:b", "a/b", "a\nb", "", "x".repeat(256)}) {
            assertFalse(SystemAccounts.plausible(bad), bad);
            assertEquals(Optional.empty(), UserAccounts.system().lookup(bad), bad);
        }
        assertTrue(SystemAccounts.plausible("alice"));
        assertTrue(SystemAccounts.plausible("svc-1.backup"));
    }

    @Test
    void aPasswdLineIsTheAccountOnlyWhenItNamesIt() {
        assertEquals(Optional.of(new UserAccount("alice", 1001, 1002, Path.of("/home/alice"), "/bin/zsh")),
                SystemAccounts.parse("alice:x:1001:1002:Alice,,,:/home/alice:/bin/zsh", "alice"));
        assertEquals("/bin/sh", SystemAccounts.parse("bob:x:1:2::/home/bob:", "bob").orElseThrow().shell(),
                "an empty shell field means /bin/sh, as sshd reads it");
        assertEquals(Optional.empty(), SystemAccounts.parse("root:x:0:0:root:/root:/bin/bash", "0"));
        assertEquals(Optional.empty(), SystemAccounts.parse("alice:x:notanumber:1::/home/alice:/bin/sh", "alice"));
        assertEquals(Optional.empty(), SystemAccounts.parse("alice:x:1:1:/home/alice:/bin/sh", "alice"));
    }

    @Test
    void thisJvmsOwnAccountIsFound() {
        UserAccount own = SystemAccounts.own();
        assertEquals(System.getProperty("user.name"), own.name());
        // A uid without a passwd entry (some containers) has no account to look up; any other must be itself.
        UserAccounts.system().lookup(own.name()).ifPresent(a -> assertEquals(own, a));
    }

    /** shadow(5) fields: name:password:lastchg:min:max:warn:inactive:expire:reserved, days since 1970. */
    @Test
    void expiryAndInactivityFollowPamUnix() {
        assertFalse(SystemAccounts.shadowExpired("a:*:20000:0:99999:7:::", 20500), "no expiry date");
        assertTrue(SystemAccounts.shadowExpired("a:*:20000:0:99999:7::20100:", 20100), "expires on its day");
        assertFalse(SystemAccounts.shadowExpired("a:*:20000:0:99999:7::20100:", 20099));
        assertTrue(SystemAccounts.shadowExpired("a:*:20000:0:30:7:10::", 20040), "password expired 10 days ago and inactive 10");
        assertFalse(SystemAccounts.shadowExpired("a:*:20000:0:30:7:10::", 20039));
        assertFalse(SystemAccounts.shadowExpired("a:*:0:0:30:7:10::", 20040), "lastchg 0 forces a change, it does not expire");
        assertFalse(SystemAccounts.shadowExpired("garbage", 20040));
    }
}
