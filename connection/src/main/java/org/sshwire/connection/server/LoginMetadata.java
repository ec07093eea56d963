package org.sshwire.connection.server;

import java.net.InetSocketAddress;
import org.sshwire.auth.ConnectionMetadata;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.wire.Bytes;

/**
 * One server connection as its authentication callbacks see it: addresses, identification lines
 * and session id from the connection (known once the first key exchange finished, which every
 * authentication question follows), values kept in the connection's context, where the
 * session handlers find them.
 */
final class LoginMetadata implements ConnectionMetadata {
    private final SshConnection conn;
    private volatile ConnectionInfo info;

    LoginMetadata(SshConnection conn) {
        this.conn = conn;
    }

    private ConnectionInfo info() {
        ConnectionInfo i = info;
        if (i == null) {
            i = conn.info(); // asks the engine under its lock: never from the I/O path
            info = i;
        }
        return i;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return conn.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return conn.localAddress();
    }

    @Override
    public String clientVersion() {
        ConnectionInfo i = info();
        return i == null ? null : i.clientVersion();
    }

    @Override
    public String serverVersion() {
        ConnectionInfo i = info();
        return i == null ? null : i.serverVersion();
    }

    @Override
    public Bytes sessionId() {
        ConnectionInfo i = info();
        return i == null ? null : i.sessionId();
    }

    @Override
    public Object get(String key) {
        return conn.context().get(key);
    }

    @Override
    public void put(String key, Object value) {
        conn.context().put(key, value);
    }

    @Override
    public String toString() {
        return "connection from " + remoteAddress();
    }
}
