package org.sshwire.connection.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.sshwire.connection.internal.driver.NioConnection;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.transport.wire.Bytes;

/**
 * An open SSH channel with blocking streams (Go's {@code ssh.Channel}): reading re-opens our
 * window, writing blocks while the peer's window is exhausted.
 *
 * <pre>{@code
 * Channel ch = conn.openChannel("session", Bytes.EMPTY);
 * if (ch.sendRequest("exec", true, new ChannelRequestBody.Exec(Bytes.utf8("date")).toBytes())) {
 *     ch.getInputStream().transferTo(System.out);
 * }
 * ch.close();
 * }</pre>
 */
public final class Channel {
    private final SshConnection conn;
    private final int id;
    private final String type;
    private final ChannelInput in = new ChannelInput(this);
    private final ChannelInput err = new ChannelInput(this);
    private final ChannelOutput out = new ChannelOutput(this, 0);
    private final ChannelOutput errOut = new ChannelOutput(this, 1);
    private final ArrayDeque<CompletableFuture<Boolean>> replies = new ArrayDeque<>(); // guarded by this
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    final CompletableFuture<Bytes> opened = new CompletableFuture<>();
    private volatile Consumer<ConnectionEvent.ChannelRequestReceived> requestHandler;
    private long windowVersion; // guarded by this
    private volatile long lastTrafficNanos = System.nanoTime();
    private volatile String timeoutType;

    Channel(SshConnection conn, int id, String type) {
        this.conn = conn;
        this.id = id;
        this.type = type;
        this.timeoutType = type;
    }

    /** When data last went either way on this channel, in {@link System#nanoTime()} terms (ChannelTimeout). */
    public long lastTrafficNanos() {
        return lastTrafficNanos;
    }

    /**
     * The name sshd's ChannelTimeout patterns match: the channel type, and for a session once its
     * command was asked for {@code session:shell}, {@code session:command} or
     * {@code session:subsystem:NAME} (sshd's channel xtype).
     */
    public String timeoutType() {
        return timeoutType;
    }

    public int id() {
        return id;
    }

    public String type() {
        return type;
    }

    public SshConnection connection() {
        return conn;
    }

    /** Channel data from the peer (a session's stdin on the server, stdout on the client). */
    public InputStream getInputStream() {
        return in;
    }

    /** Channel data to the peer; closing it sends EOF. */
    public OutputStream getOutputStream() {
        return out;
    }

    /** Extended data type 1 (stderr) from the peer. Shares the window with the data stream: read both. */
    public InputStream getErrorStream() {
        return err;
    }

    /** Extended data type 1 (stderr) to the peer. */
    public OutputStream getErrorOutputStream() {
        return errOut;
    }

    /**
     * Handles the peer's channel requests; called in order on the I/O thread, so it must not block
     * (answer later with {@link #replyRequest}). Without a handler, requests are refused.
     */
    public void onRequest(Consumer<ConnectionEvent.ChannelRequestReceived> handler) {
        this.requestHandler = handler;
    }

    /** Answers the oldest of the peer's want-reply requests. */
    public void replyRequest(boolean success) {
        conn.driver().run(e -> e.connection().replyChannelRequest(id, success));
    }

    /** Sends EOF: we will write no more (Go's {@code CloseWrite}). Idempotent. */
    public void closeWrite() {
        conn.driver().run(e -> e.connection().sendEof(id));
    }

    /** Sends CLOSE after queued data. Idempotent. */
    public void close() {
        in.close();
        err.close();
        conn.driver().run(e -> e.connection().close(id));
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Completes when both sides have closed the channel (or the connection ended). */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    public boolean awaitClose(Duration timeout) throws InterruptedException {
        try {
            closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * Sends a channel request; with {@code wantReply} waits for the answer.
     *
     * @return the peer's answer; true without {@code wantReply}; false if the channel closed first
     */
    public boolean sendRequest(String name, boolean wantReply, Bytes payload) throws IOException {
        CompletableFuture<Boolean> reply = new CompletableFuture<>();
        try {
            conn.driver().run(e -> {
                if (wantReply) {
                    synchronized (this) {
                        replies.add(reply);
                    }
                }
                e.connection().sendChannelRequest(id, name, wantReply, payload);
            });
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!wantReply) {
            return true;
        }
        if (isClosed()) {
            reply.complete(false); // closed() may have run before the future was queued; a real answer stays
        }
        try {
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } catch (ExecutionException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- from the streams

    /** Sends {@code b}'s bytes at absolute indices {@code [off, off+len)} (heap or direct); returns how many went. */
    int send(int stream, java.nio.ByteBuffer b, int off, int len) throws IOException {
        for (;;) {
            long version;
            synchronized (this) {
                if (closed.isDone()) {
                    throw new IOException("channel " + id + " is closed");
                }
                version = windowVersion;
            }
            int n;
            try {
                n = conn.driver().call(e -> {
                    ConnectionEngine c = e.connection();
                    if (c.remoteWindow(id) < 0) {
                        return -1;
                    }
                    if (stream == 0) {
                        return c.sendData(id, b, off, len);
                    }
                    int k = (int) Math.min(len, c.sendCapacity(id));
                    return k == 0 ? 0 : c.sendExtendedData(id, 1, Bytes.of(b, off, k));
                });
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (n < 0) {
                throw new IOException("channel " + id + " was closed by the peer");
            }
            if (n > 0) {
                lastTrafficNanos = System.nanoTime();
                if (conn.tapping()) {
                    conn.tap(this, ChannelTap.Direction.TO_PEER, stream, Bytes.of(b, off, n));
                }
                try {
                    conn.driver().awaitBacklogBelow(NioConnection.MAX_BACKLOG);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                return n;
            }
            synchronized (this) {
                while (windowVersion == version && !closed.isDone()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
            }
        }
    }

    void consumed(long n) {
        conn.driver().run(e -> e.connection().consumed(id, n));
    }

    // ---------------------------------------------------------------- from the dispatcher

    synchronized void windowChanged() {
        windowVersion++;
        notifyAll();
    }

    void data(int stream, Bytes data) {
        lastTrafficNanos = System.nanoTime();
        conn.tap(this, ChannelTap.Direction.FROM_PEER, stream, data);
        (stream == 0 ? in : err).offer(data);
    }

    void eof() {
        in.eof();
        err.eof();
    }

    void request(ConnectionEvent.ChannelRequestReceived r) {
        if ("session".equals(type) && "session".equals(timeoutType)) {
            if (r.body() instanceof org.sshwire.connection.message.ChannelRequestBody.Subsystem sub) {
                timeoutType = "session:subsystem:" + sub.name();
            } else if ("shell".equals(r.requestType())) {
                timeoutType = "session:shell";
            } else if ("exec".equals(r.requestType())) {
                timeoutType = "session:command";
            }
        }
        Consumer<ConnectionEvent.ChannelRequestReceived> h = requestHandler;
        if (h != null) {
            h.accept(r);
        } else if (r.wantReply()) {
            replyRequest(false);
        }
    }

    void replied(boolean success) {
        CompletableFuture<Boolean> f;
        synchronized (this) {
            f = replies.poll();
        }
        if (f != null) {
            f.complete(success);
        }
    }

    void closed() {
        eof();
        java.util.List<CompletableFuture<Boolean>> pending;
        synchronized (this) {
            pending = new java.util.ArrayList<>(replies);
            replies.clear();
            windowVersion++;
            closed.complete(null);
            notifyAll();
        }
        pending.forEach(f -> f.complete(false));
        opened.completeExceptionally(new IOException("connection closed"));
    }

    @Override
    public String toString() {
        return "Channel[" + id + " " + type + "]";
    }
}
