package org.sshwire.connection.server;

import java.lang.System.Logger.Level;
import org.sshwire.auth.ConnectionMetadata;
import org.sshwire.auth.Decision;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.auth.ServerAuthPolicy;

/**
 * One authentication answer, failing closed: a policy that throws, or answers what does not fit
 * the question, denies the attempt (and is logged), never grants it. When logins are OS accounts, a name without one is refused after the
 * policy has run, as a wrong password is (sshd checks a fake account the same way); the account
 * is looked up for every answer (once per connection and name, {@link ConnectionAccounts}), so
 * its time and words are the same whether it exists or not.
 */
final class LoginDecision {
    private static final System.Logger LOG = System.getLogger(LoginDecision.class.getName());

    private LoginDecision() {
    }

    static Decision decide(ServerAuthPolicy policy, UserAccounts accounts, ServerAuthEvent.Question q, ConnectionMetadata conn) {
        Decision d;
        try {
            d = policy.decide(conn, q);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "auth policy failed; attempt denied", e);
            return Decision.reject("internal error");
        }
        if (!fits(d, q)) {
            LOG.log(Level.WARNING, "auth policy answered {0} with {1}; attempt denied", q, d);
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

    /** What {@code ServerAuthenticator.decide} takes for {@code q}; anything else would throw there. */
    private static boolean fits(Decision d, ServerAuthEvent.Question q) {
        if (d == null) {
            return false;
        }
        if (d instanceof Decision.ChangePassword) {
            return q instanceof ServerAuthEvent.PasswordCheck;
        }
        if (d instanceof Decision.Challenge) {
            return q instanceof ServerAuthEvent.KeyboardInteractiveStart || q instanceof ServerAuthEvent.KeyboardInteractiveResponses;
        }
        return true;
    }
}
