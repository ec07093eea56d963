package org.sshwire.transport;

import java.net.InetSocketAddress;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.wire.Bytes;

/**
 * What is known about a connection. {@link TransportEngine#connectionInfo()} gives it once the
 * first key exchange completed; research hooks ({@link org.sshwire.transport.research.ConnectionHooks})
 * see it from the start, as it fills in: the id and addresses at once, the peer's version once its
 * identification arrived, the session id, algorithms and host key once the first exchange ended.
 *
 * @param id            a number for this connection, unique in its server or client process (0 when not set)
 * @param localAddress  our end of the socket, or null (streams, in-memory engines)
 * @param remoteAddress the peer's end, or null
 * @param clientVersion the client's identification line, without CR LF; null until known
 * @param serverVersion the server's identification line, without CR LF; null until known
 * @param sessionId     H of the first key exchange; null until known
 * @param algorithms    the algorithms of the current keys; null until known
 * @param hostKey       the server's host key blob; null until known
 */
public record ConnectionInfo(long id, InetSocketAddress localAddress, InetSocketAddress remoteAddress,
                             String clientVersion, String serverVersion, Bytes sessionId,
                             Negotiated algorithms, Bytes hostKey) {

    /** What was known before this record carried an id and addresses (those are then 0 and null). */
    public ConnectionInfo(String clientVersion, String serverVersion, Bytes sessionId, Negotiated algorithms, Bytes hostKey) {
        this(0, null, null, clientVersion, serverVersion, sessionId, algorithms, hostKey);
    }

    /** A connection just opened: nothing known beyond its id and addresses. */
    public static ConnectionInfo opening(long id, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        return new ConnectionInfo(id, localAddress, remoteAddress, null, null, null, null, null);
    }

    ConnectionInfo withVersions(String client, String server) {
        return new ConnectionInfo(id, localAddress, remoteAddress, client, server, sessionId, algorithms, hostKey);
    }

    ConnectionInfo withKeys(Bytes session, Negotiated current, Bytes host) {
        return new ConnectionInfo(id, localAddress, remoteAddress, clientVersion, serverVersion, session, current, host);
    }
}
