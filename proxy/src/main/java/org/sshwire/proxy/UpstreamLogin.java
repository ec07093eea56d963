package org.sshwire.proxy;

import java.io.IOException;
import java.util.Optional;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.connection.client.SshClient;

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
 */
@FunctionalInterface
public interface UpstreamLogin {
    void configure(Route route, SshClient.Builder builder, Optional<AgentClient> forwardedAgent) throws IOException;
}
