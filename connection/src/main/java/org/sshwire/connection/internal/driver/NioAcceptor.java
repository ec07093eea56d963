package org.sshwire.connection.internal.driver;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.sshwire.connection.internal.driver.NioLoops;

/**
 * Accepts connections on the first loop of a group and hands each socket to a callback (which
 * starts an {@link NioConnection} on one of the loops, round robin).
 */
public final class NioAcceptor implements SelectorLoop.Ready, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NioAcceptor.class.getName());

    private final ServerSocketChannel server;
    private final Consumer<SocketChannel> onAccept;

    private NioAcceptor(ServerSocketChannel server, Consumer<SocketChannel> onAccept) {
        this.server = server;
        this.onAccept = onAccept;
    }

    public static NioAcceptor bind(InetSocketAddress address, int backlog, NioLoops loops, Consumer<SocketChannel> onAccept)
            throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(address, backlog);
        s.configureBlocking(false);
        NioAcceptor a = new NioAcceptor(s, onAccept);
        SelectorLoop loop = loops.first();
        loop.execute(() -> {
            try {
                s.register(loop.selector, SelectionKey.OP_ACCEPT, a);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "cannot register the listening socket", e);
            }
        });
        return a;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void ready(SelectionKey key) {
        for (int i = 0; i < 64; i++) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (java.nio.channels.ClosedChannelException e) {
                return; // closed by close() while the selector still held the key: nothing to accept
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed", e);
                return;
            }
            if (c == null) {
                return;
            }
            onAccept.accept(c);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing listener", e);
        }
    }
}
