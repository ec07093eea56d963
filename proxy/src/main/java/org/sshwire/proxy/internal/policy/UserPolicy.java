package org.sshwire.proxy.internal.policy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.proxy.AccessPolicy;
import org.sshwire.proxy.CommandPolicy;
import org.sshwire.proxy.Route;
import org.sshwire.transport.wire.Bytes;

/**
 * What one login may do through the relay: its {@link AccessPolicy.Rule} (if any: without one,
 * nothing) and the relay's {@link CommandPolicy}, each decision with the words the user is shown.
 */
public final class UserPolicy {
    private final String login;
    private final String user;
    private final AccessPolicy.Rule rule; // null: the policy has no rule for this user
    private final CommandPolicy commands;

    public UserPolicy(String login, AccessPolicy policy, CommandPolicy commands) {
        this.login = login;
        this.user = AccessPolicy.bastionUser(login);
        this.rule = policy.ruleFor(login).orElse(null);
        this.commands = commands;
    }

    public Optional<AccessPolicy.Rule> rule() {
        return Optional.ofNullable(rule);
    }

    /** The refusal of a login no rule matches (it may do nothing), or empty. */
    public Optional<String> withoutRule() {
        return rule == null ? Optional.of(noRule()) : Optional.empty();
    }

    /** Why {@code route} may not be reached, or empty. */
    public Optional<String> targetRefusal(Route route) {
        if (rule == null) {
            return Optional.of(noRule());
        }
        return rule.allowsTarget(route) ? Optional.empty() : Optional.of(user + " may not reach " + route + " through this bastion");
    }

    /** Why {@code request} (exec, shell, subsystem) may not go upstream, or empty: the relay's command policy, then the rule's. */
    public Optional<String> commandRefusal(Route route, ChannelRequestBody request) {
        Optional<String> no = commands.refuse(login, route, request);
        if (no.isEmpty() && rule != null && rule.commands().isPresent() && rule.forceCommand().isEmpty()) {
            no = CommandPolicy.commandsMatching(rule.commands().get()).refuse(login, route, request);
        }
        return no;
    }

    /**
     * Why {@code kind} of forwarding is refused, or empty; a refusal is ADMINISTRATIVELY_PROHIBITED
     * or a failed global request, as sshd answers with {@code AllowTcpForwarding},
     * {@code AllowStreamLocalForwarding} or {@code AllowAgentForwarding} off.
     */
    public Optional<String> forwardingRefusal(AccessPolicy.Forwarding kind) {
        if (rule == null) {
            return Optional.of(noRule());
        }
        return rule.allows(kind) ? Optional.empty()
                : Optional.of(kind.keyword() + " forwarding is not allowed for " + user + " on this bastion");
    }

    /**
     * {@code r} (exec, shell or subsystem) as it goes upstream: an exec of the rule's forced
     * command if it has one (sshd's ForceCommand), else itself.
     */
    public ConnectionEvent.ChannelRequestReceived forced(ConnectionEvent.ChannelRequestReceived r) {
        if (rule == null || rule.forceCommand().isEmpty()) {
            return r;
        }
        ChannelRequestBody.Exec exec = new ChannelRequestBody.Exec(Bytes.wrap(rule.forceCommand().get().getBytes(StandardCharsets.UTF_8)));
        return new ConnectionEvent.ChannelRequestReceived(r.channel(), exec.requestType(), r.wantReply(), exec.toBytes(), exec);
    }

    private String noRule() {
        return "no policy rule for " + user + " on this bastion";
    }
}
