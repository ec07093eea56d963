package org.sshwire.transport;

import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.wire.Bytes;

/**
 * What is known about an established connection.
 *
 * @param clientVersion the client's identification line, without CR LF
 * @param serverVersion the server's identification line, without CR LF
 * @param sessionId     H of the first key exchange
 * @param algorithms    the algorithms of the current keys
 * @param hostKey       the server's host key blob
 */
public record ConnectionInfo(String clientVersion, String serverVersion, Bytes sessionId,
                             Negotiated algorithms, Bytes hostKey) {
}
