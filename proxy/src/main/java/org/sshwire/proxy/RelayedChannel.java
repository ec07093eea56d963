package org.sshwire.proxy;

import java.net.InetSocketAddress;
import java.time.Instant;
import org.sshwire.transport.wire.Bytes;

/**
 * One channel the relay carries, as the taps see it.
 *
 * @param connection the bastion's id of the user's connection (unique per bastion process, and
 *                   across processes sharing a record directory: it holds the process id)
 * @param login the name the user logged in to the bastion with
 * @param client the user's address
 * @param route where the connection goes
 * @param number the channel's number within the connection, from 1 in the order opened
 * @param type the channel type ({@code session}, {@code direct-tcpip}, ...)
 * @param openData the type-specific data of the CHANNEL_OPEN (RFC 4254 §5.1)
 * @param fromClient whether the user opened it (else the upstream did: forwarded-tcpip, agent)
 * @param opened when the relay opened it
 */
public record RelayedChannel(String connection, String login, InetSocketAddress client, Route route, int number,
                             String type, Bytes openData, boolean fromClient, Instant opened) {
}
