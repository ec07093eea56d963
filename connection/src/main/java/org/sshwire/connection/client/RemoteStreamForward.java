package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.message.GlobalRequestBody;

/**
 * A remote Unix-socket forward ({@code ssh -R /remote.sock:/local.sock}): the server listens on
 * {@link #remotePath()} ({@code streamlocal-forward@openssh.com}, OpenSSH PROTOCOL §2.4) and each
 * connection there reaches {@link #localSocket()} from here. Closing it sends
 * {@code cancel-streamlocal-forward@openssh.com}.
 *
 * <pre>{@code
 * try (RemoteStreamForward f = client.remoteStreamForward("/tmp/agent.sock", Path.of("/run/user/1000/agent.sock"))) {
 *     client.exec("SSH_AUTH_SOCK=/tmp/agent.sock ssh-add -l").waitFor();
 * }
 * }</pre>
 */
public final class RemoteStreamForward implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemoteStreamForward.class.getName());

    private final SshConnection conn;
    private final ClientHooks hooks;
    private final String remotePath;
    private final Path localSocket;

    private RemoteStreamForward(SshConnection conn, ClientHooks hooks, String remotePath, Path localSocket) {
        this.conn = conn;
        this.hooks = hooks;
        this.remotePath = remotePath;
        this.localSocket = localSocket;
    }

    static RemoteStreamForward start(SshConnection conn, ClientHooks hooks, String remotePath, Path localSocket) throws IOException {
        // Registered first: the server may open a channel as soon as it has bound.
        if (hooks.remoteStreamForwards.putIfAbsent(remotePath, localSocket) != null) {
            throw new IllegalStateException("already forwarding " + remotePath);
        }
        GlobalRequestBody b = new GlobalRequestBody.StreamlocalForward(remotePath);
        GlobalReply r;
        try {
            r = conn.sendGlobalRequest(b.requestName(), true, b.toBytes());
        } catch (IOException | RuntimeException e) {
            hooks.remoteStreamForwards.remove(remotePath);
            throw e;
        }
        if (!r.success()) {
            hooks.remoteStreamForwards.remove(remotePath);
            throw new IOException("the server refused to listen on " + remotePath);
        }
        return new RemoteStreamForward(conn, hooks, remotePath, localSocket);
    }

    public String remotePath() {
        return remotePath;
    }

    public Path localSocket() {
        return localSocket;
    }

    /** Asks the server to stop listening (and remove its socket file); waits for its answer. */
    @Override
    public void close() {
        if (hooks.remoteStreamForwards.remove(remotePath, localSocket) && conn.isOpen()) {
            GlobalRequestBody b = new GlobalRequestBody.CancelStreamlocalForward(remotePath);
            try {
                conn.sendGlobalRequest(b.requestName(), true, b.toBytes());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cancel-streamlocal-forward", e);
            }
        }
    }
}
