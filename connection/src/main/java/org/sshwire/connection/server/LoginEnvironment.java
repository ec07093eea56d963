package org.sshwire.connection.server;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a session's process starts with, built from nothing as sshd's
 * {@code do_setup_env} builds it (session.c): the variables the client sent that
 * {@link AcceptEnv} let through first, then USER, LOGNAME, HOME, PATH, MAIL, SHELL, TZ, TERM,
 * SSH_CLIENT, SSH_CONNECTION and SSH_ORIGINAL_COMMAND over them, so a client can never set
 * those. Nothing of the server's own environment reaches a session except TZ, which sshd passes
 * on too. SSH_TTY is added once the terminal exists ({@link SessionProcess}).
 */
final class LoginEnvironment {
    /** Debian's sshd ({@code --with-default-path}): users' PATH. */
    static final String USER_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/games";
    /** Debian's sshd ({@code --with-superuser-path}): root's PATH. */
    static final String ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** _PATH_MAILDIR. */
    static final String MAIL_DIR = "/var/mail";

    private LoginEnvironment() {
    }

    /**
     * @param account         whom the session runs as
     * @param accepted        the client's env requests that AcceptEnv allowed, in arrival order
     * @param term            the pty's TERM, or null without a pty
     * @param setEnv          sshd_config's SetEnv, over all of the above
     * @param remote          the client's address, or null when unknown (a pipe)
     * @param local           the server's address, or null
     * @param originalCommand the command the client asked for when a forced command replaced it, else null
     */
    static Map<String, String> of(UserAccount account, Map<String, String> accepted, String term, Map<String, String> setEnv,
                                  InetSocketAddress remote,
                                  InetSocketAddress local, String originalCommand) {
        Map<String, String> env = new LinkedHashMap<>(accepted);
        env.put("USER", account.name());
        env.put("LOGNAME", account.name());
        env.put("HOME", account.home().toString());
        env.put("PATH", account.isRoot() ? ROOT_PATH : USER_PATH);
        env.put("MAIL", MAIL_DIR + "/" + account.name());
        env.put("SHELL", account.shell());
        String tz = System.getenv("TZ");
        if (tz != null) {
            env.put("TZ", tz);
        }
        if (term != null) {
            env.put("TERM", term);
        }
        env.putAll(setEnv); // "Environment specified by admin", after the login's own and before SSH_*
        if (remote != null) {
            String client = remote.getAddress().getHostAddress() + " " + remote.getPort();
            int localPort = local != null ? local.getPort() : 0;
            env.put("SSH_CLIENT", client + " " + localPort);
            String localHost = local != null ? local.getAddress().getHostAddress() : "UNKNOWN";
            env.put("SSH_CONNECTION", client + " " + localHost + " " + localPort);
        }
        if (originalCommand != null) {
            env.put("SSH_ORIGINAL_COMMAND", originalCommand);
        }
        return env;
    }
}
