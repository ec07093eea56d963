package org.sshwire.auth.agent;

import java.time.Duration;

/**
 * Constraints on a key added to an agent ({@code ssh-add -t} and {@code -c}): how long the agent
 * keeps it, and whether every use needs the user's confirmation.
 *
 * <pre>{@code
 * agent.add(key, "deploy key", AgentConstraints.none().withLifetime(Duration.ofMinutes(10)).withConfirm());
 * }</pre>
 *
 * @param lifetime null for no limit; whole seconds, at most 2^32-1
 * @param confirm  whether the agent asks before each signature
 */
public record AgentConstraints(Duration lifetime, boolean confirm) {
    public AgentConstraints {
        if (lifetime != null && (lifetime.isNegative() || lifetime.getSeconds() > 0xffffffffL)) {
            throw new IllegalArgumentException("lifetime must be 0.." + 0xffffffffL + " s, was " + lifetime);
        }
    }

    public static AgentConstraints none() {
        return new AgentConstraints(null, false);
    }

    public AgentConstraints withLifetime(Duration d) {
        return new AgentConstraints(d, confirm);
    }

    public AgentConstraints withConfirm() {
        return new AgentConstraints(lifetime, true);
    }
}
