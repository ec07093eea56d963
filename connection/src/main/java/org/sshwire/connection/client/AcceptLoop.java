package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.internal.channel.Splice;

/**
 * What local forwards share, TCP or Unix socket: each accepted connection opens a channel to the
 * server (on the executor, so a slow open does not hold up the next accept) and is spliced to it;
 * a refused open closes the connection.
 */
final class AcceptLoop {
    private static final System.Logger LOG = System.getLogger(AcceptLoop.class.getName());

    /** Opens the channel for one accepted connection. */
    @FunctionalInterface
    interface Opener {
        Channel open(SocketChannel accepted) throws IOException;
    }

    private AcceptLoop() {
    }

    static void start(ServerSocketChannel listener, Opener opener, Executor executor) {
        executor.execute(() -> {
            while (listener.isOpen()) {
                SocketChannel s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return; // closed
                }
                executor.execute(() -> {
                    try {
                        Splice.start(s, opener.open(s), executor);
                    } catch (IOException e) {
                        LOG.log(Level.DEBUG, "forwarded channel refused", e);
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // already failing
                        }
                    }
                });
            }
        });
    }
}
