package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies a TCP socket and a channel into each other (port forwarding), one blocking task per
 * direction on an executor; EOF is passed on each way, and both are closed when both ends are done.
 *
 * <pre>{@code
 * Splice.start(new Socket("127.0.0.1", 8080), channel, executor);
 * }</pre>
 */
public final class Splice {
    private static final System.Logger LOG = System.getLogger(Splice.class.getName());

    private Splice() {
    }

    public static void start(Socket socket, Channel channel, Executor executor) {
        AtomicInteger open = new AtomicInteger(2);
        Runnable done = () -> {
            if (open.decrementAndGet() == 0) {
                channel.close();
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing forwarded socket", e);
                }
            }
        };
        executor.execute(() -> {
            try (InputStream in = socket.getInputStream()) {
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
                OutputStream out = socket.getOutputStream();
                copy(channel.getInputStream(), out);
                socket.shutdownOutput();
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
