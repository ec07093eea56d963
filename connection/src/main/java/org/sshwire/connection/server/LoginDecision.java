package org.sshwire.connection.server;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import org.sshwire.auth.Decision;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.auth.ServerAuthPolicy;

/**
 * One authentication answer, failing closed: a policy that throws denies the attempt (and is
 * logged), never grants it. When logins are OS accounts, a name without one is refused after the
 * policy has run, as a wrong password is (sshd checks a fake account the same way); the account
 * is looked up for every answer (once per connection and name, {@link ConnectionAccounts}), so
 * its time and words are the same whether it exists or not.
 */
final class LoginDecision {
    private static final System.Logger LOG = System.getLogger(LoginDecision.class.getName());

    private LoginDecision() {
    }

    static Decision decide(ServerAuthPolicy policy, UserAccounts accounts, ServerAuthEvent.Question q, InetAddress client) {
        Decision d;
        try {
            d = policy.decide(q, client);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "auth policy failed; attempt denied", e);
            return Decision.reject("internal error");
        }
        if (accounts == null) {
            return d;
        }
        boolean exists;
        try {
            exists = accounts.lookup(q.user()).isPresent();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "account lookup failed; attempt denied", e);
            return Decision.reject("internal error");
        }
        return exists ? d : Decision.reject("no such account");
    }
}
