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
import org.sshwire.connection.internal.channel.ChannelInternals;
import org.sshwire.connection.internal.driver.NioConnection;
import org.sshwire.connection.engine.ConnectionEngine;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.transport.wire.Bytes;

/**
 * An open SSH channel with blocking streams (Go's {@code ssh.Channel}): reading re-opens our
 * window, writing blocks while the peer's window is exhausted. The data stream and the stderr
 * stream share that window (RFC 4254 §5.2), so a reader of one needs the other read too, or a
 * {@linkplain #setReadAhead read-ahead} that holds it; a session from
 * {@code SshClient.openSession()} has one by default.
 *
 * <pre>{@code
 * Channel ch = conn.openChannel("session", Bytes.EMPTY);
 * ch.setReadAhead(8 << 20); // up to 8 MiB of unread stderr will not hold up stdout
 * if (ch.sendRequest("exec", true, new ChannelRequestBody.Exec(Bytes.utf8("date")).toBytes())) {
 *     ch.getInputStream().transferTo(System.out);
 * }
 * ch.close();
 * }</pre>
 */
public final class Channel {
    static {
        ChannelInternals.register(Channel::drainBoth);
    }

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
    /** Notified whenever either input stream gains data, ends or closes (see {@link #drainBoth}). */
    private final Object streamLock = new Object();
    private long streamVersion; // guarded by streamLock

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

    /**
     * Extended data type 1 (stderr) from the peer. It shares the window with the data stream: read
     * both, or keep a {@linkplain #setReadAhead read-ahead} large enough for what goes unread.
     */
    public InputStream getErrorStream() {
        return err;
    }

    /**
     * How many unread bytes of each input stream ({@link #getInputStream()} and
     * {@link #getErrorStream()}, separately) this side buffers on arrival, handing the window back
     * to the peer before the application reads them. Both streams share one window (RFC 4254
     * §5.2: extended data counts against it), so without read-ahead a window's worth (2 MiB by
     * default, as OpenSSH's) of unread stderr stops stdout too, and reading stdout to its end
     * before stderr never ends. With it, reading one stream to the end while the other holds up
     * to {@code bytes} works.
     *
     * <p>Past the read-ahead a stream returns no more window until it is read: the peer pauses
     * (a remote command blocks in write, as under OpenSSH's ssh when its stderr is not drained)
     * and nothing is lost. So a stream that is never read stops the channel once it holds
     * {@code bytes} plus a window; read both streams at once (two threads, or
     * {@code ClientSession.collect()}) when the output may be larger. Memory held per channel is
     * at most twice {@code bytes} plus the window.
     *
     * <p>Default 0 (the window comes back only as the application reads, DESIGN §3);
     * {@code SshClient}'s sessions start with {@code ClientSession.DEFAULT_READ_AHEAD}. Raising it
     * credits what is already buffered at once; lowering it takes nothing back.
     *
     * <pre>{@code
     * session.channel().setReadAhead(64L << 20); // a command whose stderr may reach 64 MiB
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public void setReadAhead(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("read-ahead must not be negative: " + bytes);
        }
        in.readAhead(bytes);
        err.readAhead(bytes);
    }

    /** The read-ahead of each input stream, in bytes ({@link #setReadAhead}). */
    public long readAhead() {
        return in.readAhead();
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
        CompletableFuture<Boolean> reply = sendRequestAsync(name, wantReply, payload);
        try {
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } catch (ExecutionException e) {
            return false;
        }
    }

    /**
     * Sends a channel request without waiting: the future completes with the peer's answer (true
     * at once without {@code wantReply}; false if the channel closes first). Data written to the
     * channel meanwhile follows the request on the wire, as ssh sends stdin right behind a
     * subsystem request.
     *
     * <pre>{@code
     * CompletableFuture<Boolean> ok = ch.sendRequestAsync("subsystem", true, new ChannelRequestBody.Subsystem("sftp").toBytes());
     * ch.getOutputStream().write(firstPacket);   // one round trip earlier
     * }</pre>
     */
    public CompletableFuture<Boolean> sendRequestAsync(String name, boolean wantReply, Bytes payload) throws IOException {
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
            reply.complete(true);
        } else if (isClosed()) {
            reply.complete(false); // closed() may have run before the future was queued; a real answer stays
        }
        return reply;
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

    /** From either input stream: it gained data, ended or closed. */
    void streamChanged() {
        synchronized (streamLock) {
            streamVersion++;
            streamLock.notifyAll();
        }
    }

    /**
     * Reads both input streams as their bytes arrive, on the calling thread, until both ended or
     * one went over {@code max} ({@link ChannelInternals#drainBoth}). One chunk of each in turn,
     * so a flood on one stream does not keep the other waiting.
     */
    private static ChannelInternals.Drained drainBoth(Channel ch, long max) throws InterruptedException {
        BoundedBytes data = new BoundedBytes(max);
        BoundedBytes extended = new BoundedBytes(max);
        for (;;) {
            long version;
            synchronized (ch.streamLock) {
                version = ch.streamVersion;
            }
            for (boolean more = true; more; ) {
                Bytes d = ch.in.poll();
                Bytes x = ch.err.poll();
                if (d != null && !data.add(d)) {
                    return new ChannelInternals.Drained(Bytes.EMPTY, Bytes.EMPTY, 0);
                }
                if (x != null && !extended.add(x)) {
                    return new ChannelInternals.Drained(Bytes.EMPTY, Bytes.EMPTY, 1);
                }
                more = d != null || x != null;
            }
            if (ch.in.ended() && ch.err.ended()) {
                return new ChannelInternals.Drained(data.toBytes(), extended.toBytes(), -1);
            }
            synchronized (ch.streamLock) {
                while (ch.streamVersion == version) {
                    ch.streamLock.wait(); // a change after we read the version has bumped it: none is missed
                }
            }
        }
    }

    /** Chunks kept in order up to a bound, joined once at the end. */
    private static final class BoundedBytes {
        private final long max;
        private final java.util.ArrayList<Bytes> chunks = new java.util.ArrayList<>();
        private long size;

        BoundedBytes(long max) {
            this.max = max;
        }

        /** False, keeping nothing more, if {@code b} would take the total over the bound. */
        boolean add(Bytes b) {
            if (b.length() > max - size) {
                return false;
            }
            chunks.add(b);
            size += b.length();
            return true;
        }

        Bytes toBytes() {
            byte[] all = new byte[(int) size];
            int off = 0;
            for (Bytes b : chunks) {
                b.copyTo(all, off);
                off += b.length();
            }
            return Bytes.wrap(all);
        }
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
