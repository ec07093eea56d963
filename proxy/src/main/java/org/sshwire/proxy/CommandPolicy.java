package org.sshwire.proxy;

import java.util.Optional;
import java.util.regex.Pattern;
import org.sshwire.connection.message.ChannelRequestBody;

/**
 * Decides what a session may run through the bastion: consulted for every {@code exec},
 * {@code shell} and {@code subsystem} request before it goes upstream. A refusal ends that session
 * with the reason on its stderr and exit status 255, as sshd ends a session whose command cannot
 * start; the connection and its other channels go on.
 *
 * <pre>{@code
 * Relay.builder().commandPolicy(CommandPolicy.commandsMatching(Pattern.compile("(uptime|df -h)")))
 * }</pre>
 */
@FunctionalInterface
public interface CommandPolicy {
    /**
     * @param login the name the user logged in to the bastion with
     * @param route where the session goes
     * @param request the exec, shell or subsystem request
     * @return empty to let it through, or why not (shown to the user)
     */
    Optional<String> refuse(String login, Route route, ChannelRequestBody request);

    /** Everything goes through (the default). */
    static CommandPolicy allowAll() {
        return (login, route, request) -> Optional.empty();
    }

    /**
     * Only commands that {@code allowed} matches in full: exec requests are checked, interactive
     * shells are refused, subsystems (sftp) are let through.
     */
    static CommandPolicy commandsMatching(Pattern allowed) {
        return (login, route, request) -> {
            if (request instanceof ChannelRequestBody.Exec e) {
                String command = e.command().asUtf8();
                return allowed.matcher(command).matches() ? Optional.empty()
                        : Optional.of("command '" + command + "' is not allowed for " + login + " on this bastion");
            }
            if (request instanceof ChannelRequestBody.Shell) {
                return Optional.of("interactive shells are not allowed for " + login + " on this bastion");
            }
            return Optional.empty();
        };
    }
}
