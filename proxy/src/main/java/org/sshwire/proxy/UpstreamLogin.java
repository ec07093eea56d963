package org.sshwire.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.keys.SshCertificate;

/**
 * How the bastion logs in upstream: sets the identities and the host-key verifier of the
 * {@link SshClient.Builder} the relay connects with (the relay has already registered its own
 * channel handlers on it). {@code forwardedAgent} is the user's agent when the user forwarded one
 * ({@code ssh -A}) before the bastion connected upstream; it is open during the login only.
 *
 * <pre>{@code
 * UpstreamLogin login = (route, b, agent) -> {
 *     b.identity(Identity.fromFile(Path.of("/etc/bastion/id_ed25519"), null, CryptoBackend.defaultBackend()))
 *      .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of("/etc/bastion/known_hosts")));
 *     if (agent.isPresent()) b.agent(agent.get());
 * };
 * }</pre>
 *
 * A login that needs to know who is logging in (such as {@link UpstreamCertificates}, whose
 * certificates name the user) overrides {@link #configure(Attempt, SshClient.Builder)}, which the
 * relay calls.
 */
@FunctionalInterface
public interface UpstreamLogin {
    void configure(Route route, SshClient.Builder builder, Optional<AgentClient> forwardedAgent) throws IOException;

    /**
     * What the relay calls: configures {@code builder} for {@code attempt} and returns the
     * certificate the login presents upstream, if it made one, for the audit log. By default
     * {@link #configure(Route, SshClient.Builder, Optional)} with no certificate.
     */
    default Optional<SshCertificate> configure(Attempt attempt, SshClient.Builder builder) throws IOException {
        configure(attempt.route(), builder, attempt.forwardedAgent());
        return Optional.empty();
    }

    /**
     * One upstream login: the bastion connection's id (as in the audit log and the live view), the
     * user's login name on the bastion, the user's address (null if unknown), the route, and the
     * user's forwarded agent.
     */
    record Attempt(String connection, String login, InetSocketAddress client, Route route,
                   Optional<AgentClient> forwardedAgent) {
        public Attempt {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(forwardedAgent, "forwardedAgent");
        }
    }
}
