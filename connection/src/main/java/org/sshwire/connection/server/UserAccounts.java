package org.sshwire.connection.server;

import java.util.Map;
import java.util.Optional;

/**
 * Which operating-system account a login name stands for. The server refuses a login whose name
 * has no account (in the same way as a wrong password), and {@link ProcessHandler} runs each
 * session's processes as the login's account.
 *
 * <pre>{@code
 * SshServer.builder().accounts(UserAccounts.system()) ...   // the OS's accounts (getent passwd)
 * }</pre>
 */
@FunctionalInterface
public interface UserAccounts {
    /** The account for {@code loginName}, or empty when there is none (or it may not log in). */
    Optional<UserAccount> lookup(String loginName);

    /**
     * The accounts of this machine, as {@code getent passwd} reports them (so NSS sources such
     * as LDAP count). When this JVM does not run as root it cannot start processes as anyone
     * else, so only its own account is returned, as sshd without privileges allows only its own.
     */
    static UserAccounts system() {
        return SystemAccounts.INSTANCE;
    }

    /** Whether this JVM runs as root, and so can run sessions as any account. */
    static boolean canRunAsAnyAccount() {
        return SystemAccounts.jvmIsRoot();
    }

    /** A fixed table, for tests and embedded servers. */
    static UserAccounts of(Map<String, UserAccount> accounts) {
        Map<String, UserAccount> copy = Map.copyOf(accounts);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
