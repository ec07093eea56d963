package org.sshwire.auth;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.wire.Bytes;

/**
 * What an authentication callback knows of the connection asking (Go's {@code ssh.ConnMetadata},
 * gliderlabs' {@code ssh.Context}): its addresses, both identification lines and the session id,
 * and values the callback keeps for the rest of the connection. On an {@code SshServer} the
 * values are the connection's {@code ConnectionContext}, so a session handler reads what
 * authentication stored ({@code session.context().get(key)}), as gliderlabs' {@code ctx.SetValue}.
 *
 * <pre>{@code
 * ServerAuthPolicy.builder().passwordCallback((conn, user, password) -> {
 *     if (!conn.remoteAddress().getAddress().isLoopbackAddress()) return Decision.reject("not from here");
 *     conn.put("tenant", tenants.of(user));
 *     return tenants.check(user, password) ? Decision.accept() : Decision.reject();
 * });
 * }</pre>
 */
public interface ConnectionMetadata {
    /** The client's address, or null when the connection is not over a socket. */
    InetSocketAddress remoteAddress();

    /** Our address the client connected to, or null when the connection is not over a socket. */
    InetSocketAddress localAddress();

    /** The client's identification line without CR LF (e.g. {@code SSH-2.0-OpenSSH_9.6}), or null when unknown. */
    String clientVersion();

    /** The server's identification line without CR LF, or null when unknown. */
    String serverVersion();

    /** H of the first key exchange (RFC 4253 §7.2), or null when unknown. */
    Bytes sessionId();

    /** A value stored for this connection by {@link #put}, or null. */
    Object get(String key);

    /** Stores a value for the rest of this connection. */
    void put(String key, Object value);

    /**
     * Metadata from what a caller of the sans-IO engines knows (any argument may be null), with
     * values of its own; for tests and alternative drivers.
     */
    static ConnectionMetadata of(InetSocketAddress remote, InetSocketAddress local, ConnectionInfo info) {
        return new ConnectionMetadata() {
            private final Map<String, Object> values = new ConcurrentHashMap<>();

            @Override
            public InetSocketAddress remoteAddress() {
                return remote;
            }

            @Override
            public InetSocketAddress localAddress() {
                return local;
            }

            @Override
            public String clientVersion() {
                return info == null ? null : info.clientVersion();
            }

            @Override
            public String serverVersion() {
                return info == null ? null : info.serverVersion();
            }

            @Override
            public Bytes sessionId() {
                return info == null ? null : info.sessionId();
            }

            @Override
            public Object get(String key) {
                return values.get(key);
            }

            @Override
            public void put(String key, Object value) {
                values.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            }

            @Override
            public String toString() {
                return "ConnectionMetadata[" + remote + ", " + clientVersion() + "]";
            }
        };
    }
}
