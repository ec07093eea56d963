package org.sshwire.auth;

import java.util.List;

/**
 * The client could not authenticate: names the methods it tried and those the server said can
 * continue, like OpenSSH's "Permission denied (publickey,password)".
 *
 * <pre>{@code
 * catch (AuthenticationException e) { e.tried(); e.allowedByServer(); }
 * }</pre>
 */
public final class AuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> tried;
    private final transient List<String> allowed;

    public AuthenticationException(String user, String why, List<String> tried, List<String> allowed) {
        super("authentication failed for user '" + user + "': " + why + "; tried " + tried
                + "; server allows " + allowed);
        this.tried = List.copyOf(tried);
        this.allowed = List.copyOf(allowed);
    }

    /** Methods attempted, in order ("publickey" once per key). */
    public List<String> tried() {
        return tried;
    }

    /** The server's last "authentications that can continue". */
    public List<String> allowedByServer() {
        return allowed;
    }
}
