package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Data the application sends on one stream of a channel. Writing blocks while the peer's window
 * is exhausted (DESIGN §3) and while the connection's socket queue is over its bound.
 */
final class ChannelOutput extends OutputStream {
    private final Channel channel;
    private final int stream; // 0 data, 1 stderr
    private boolean closed;

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
        while (len > 0) {
            int n = channel.send(stream, b, off, len);
            off += n;
            len -= n;
        }
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
