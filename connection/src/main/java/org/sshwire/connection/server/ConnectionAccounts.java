package org.sshwire.connection.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One connection's view of {@link UserAccounts}: each login name is looked up once, however many
 * authentication answers and sessions ask (a {@link UserAccounts#system()} lookup reads
 * /etc/passwd and /etc/shadow, or runs getent), and never shared with another connection, so an account an admin changes is seen
 * by the next connection. A client that tries more names than a login plausibly uses gets fresh
 * lookups for the rest, which MaxAuthTries bounds anyway.
 */
final class ConnectionAccounts implements UserAccounts {
    private static final int MAX_NAMES = 4;

    private final UserAccounts accounts;
    private final Map<String, Optional<UserAccount>> seen = new HashMap<>(); // guarded by this

    ConnectionAccounts(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<UserAccount> lookup(String loginName) {
        synchronized (this) {
            Optional<UserAccount> a = seen.get(loginName);
            if (a != null) {
                return a;
            }
        }
        Optional<UserAccount> a = accounts.lookup(loginName); // off the lock: it may run a process
        synchronized (this) {
            if (seen.size() < MAX_NAMES) {
                seen.put(loginName, a);
            }
        }
        return a;
    }
}
