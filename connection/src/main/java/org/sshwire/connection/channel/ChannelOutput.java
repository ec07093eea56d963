package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;

/**
 * Data the application sends on one stream of a channel. Writing blocks while the peer's window
 * is exhausted (DESIGN §3) and while the connection's socket queue is over its bound.
 *
 * <p>It is also a {@link WritableByteChannel}: a direct buffer (a file read with
 * {@code FileChannel.read}, say) goes from there into the packets in one copy, where an array
 * would first have to be filled from it.
 */
final class ChannelOutput extends OutputStream implements WritableByteChannel {
    private final Channel channel;
    private final int stream; // 0 data, 1 stderr
    private volatile boolean closed;

    ChannelOutput(Channel channel, int stream) {
        this.channel = channel;
        this.stream = stream;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        send(ByteBuffer.wrap(b), off, len);
    }

    /** Writes all of {@code src}'s remaining bytes (blocking as {@link #write(byte[], int, int)} does). */
    @Override
    public int write(ByteBuffer src) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        int len = src.remaining();
        send(src, src.position(), len);
        src.position(src.limit());
        return len;
    }

    private void send(ByteBuffer b, int off, int len) throws IOException {
        while (len > 0) {
            int n = channel.send(stream, b, off, len);
            off += n;
            len -= n;
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Closing the data stream sends EOF ({@link Channel#closeWrite()}); closing stderr does nothing more. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (stream == 0) {
                channel.closeWrite();
            }
        }
    }
}
