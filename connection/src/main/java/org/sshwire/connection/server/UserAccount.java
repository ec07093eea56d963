package org.sshwire.connection.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An operating-system account a login runs as: its passwd(5) entry.
 *
 * <pre>{@code
 * UserAccount a = UserAccounts.system().lookup("alice").orElseThrow();
 * System.out.println(a.uid() + " " + a.home() + " " + a.shell());
 * }</pre>
 *
 * @param name  the login name
 * @param uid   the user id
 * @param gid   the primary group id
 * @param home  the home directory (the session's working directory and {@code HOME})
 * @param shell the login shell (sshd runs {@code /bin/sh} when the entry has none)
 */
public record UserAccount(String name, int uid, int gid, Path home, String shell) {
    public UserAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(home, "home");
        shell = shell == null || shell.isEmpty() ? "/bin/sh" : shell;
    }

    /** Whether this is the superuser. */
    public boolean isRoot() {
        return uid == 0;
    }
}
