package org.sshwire.connection.internal.channel;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.sshwire.connection.channel.Channel;

/**
 * Copies a socket (TCP, or a Unix-domain {@link SocketChannel}) and a channel into each other
 * (port and streamlocal forwarding), one blocking task per direction on an executor; EOF is passed
 * on each way, and both are closed when both ends are done.
 *
 * <pre>{@code
 * Splice.start(new Socket("127.0.0.1", 8080), channel, executor);
 * Splice.start(SocketChannel.open(UnixDomainSocketAddress.of("/run/app.sock")), channel, executor);
 * }</pre>
 */
public final class Splice {
    private static final System.Logger LOG = System.getLogger(Splice.class.getName());

    private Splice() {
    }

    /** Splices a connected TCP socket. */
    public static void start(Socket socket, Channel channel, Executor executor) {
        InputStream in;
        OutputStream out;
        try {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "forwarded socket already closed", e);
            channel.close();
            closeQuietly(socket);
            return;
        }
        start(in, out, () -> {
            socket.shutdownOutput();
            return null;
        }, socket, channel, executor);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing forwarded socket", e);
        }
    }

    /**
     * Splices a connected blocking {@link SocketChannel} (Unix-domain sockets have no
     * {@link Socket} view). Reads and writes call the channel directly: on Java 17 the streams of
     * {@code Channels.newInputStream/newOutputStream} share one lock, so a blocked read would
     * stall every write.
     */
    public static void start(SocketChannel socket, Channel channel, Executor executor) {
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : socket.read(ByteBuffer.wrap(b, off, len));
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    socket.write(buf);
                }
            }
        };
        start(in, out, socket::shutdownOutput, socket, channel, executor);
    }

    private interface Shutdown {
        Object run() throws IOException;
    }

    private static void start(InputStream in, OutputStream out, Shutdown shutdownOutput, Closeable socket,
                              Channel channel, Executor executor) {
        AtomicInteger open = new AtomicInteger(2);
        Runnable done = () -> {
            if (open.decrementAndGet() == 0) {
                channel.close();
                closeQuietly(socket);
            }
        };
        executor.execute(() -> {
            try {
                copy(in, channel.getOutputStream());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "socket to channel", e);
            } finally {
                channel.closeWrite();
                done.run();
            }
        });
        executor.execute(() -> {
            try {
                copy(channel.getInputStream(), out);
                shutdownOutput.run();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "channel to socket", e);
            } finally {
                done.run();
            }
        });
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
