package org.sshwire.proxy;

import java.time.Instant;

/**
 * One user's connection through the bastion, as the live view shows it ({@link Relay#sessions()},
 * {@link ControlSocket#sessions}, {@code sshwire proxy sessions}).
 *
 * @param id the connection's id, as in the audit log (holds the bastion's process id)
 * @param login the name the user logged in with
 * @param client the user's address, {@code ADDR:PORT}
 * @param route where it goes, {@code user@host:port}, or empty while not yet decided (or refused)
 * @param started when the relay took the connection (its first channel or request after login)
 * @param channels the channels open through it now
 * @param bytesToUpstream channel data relayed from the user so far
 * @param bytesToClient channel data relayed to the user so far
 */
public record LiveSession(String id, String login, String client, String route, Instant started, int channels,
                          long bytesToUpstream, long bytesToClient) {
}
