package org.sshwire.bench.wan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A user-space TCP relay that puts a simulated wide-area path between a client and a server on
 * 127.0.0.1 (this kernel has no {@code netem} qdisc): each direction of each relayed connection
 * gets a {@link TokenBucket} rate limit and a one-way delay of half the round trip, through a
 * {@link DelayLine} bounded at {@link LinkProfile#queueBound()}. Nothing is dropped: when a line
 * is full the relay stops reading and TCP pushes back on the sender.
 *
 * <p>The relay terminates TCP on both sides, so each TCP connection sees a short round trip: what
 * the delay limits is what a window-bound protocol on top (SSH channels, SFTP requests) can have
 * in flight, which is what the benchmark measures. Four threads per relayed connection (a reader
 * and a writer per direction) plus one acceptor; all stop with {@link #close}.
 *
 * <pre>{@code
 * try (WanRelay relay = WanRelay.start(new InetSocketAddress("127.0.0.1", sshPort), LinkProfile.of(100, 1000))) {
 *     // connect to 127.0.0.1:relay.port() instead of sshPort
 * }
 * }</pre>
 */
public final class WanRelay implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WanRelay.class.getName());
    /** Bytes per read; also the token bucket's burst. */
    static final int CHUNK = 64 * 1024;
    private static final long JOIN_MILLIS = 5000;

    private final InetSocketAddress target;
    private final LinkProfile link;
    private final ServerSocket listener;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Relayed> connections = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private WanRelay(InetSocketAddress target, LinkProfile link, ServerSocket listener) {
        this.target = target;
        this.link = link;
        this.listener = listener;
    }

    /** Listens on a free port of 127.0.0.1 and relays every connection to {@code target} over {@code link}. */
    public static WanRelay start(InetSocketAddress target, LinkProfile link) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        WanRelay r = new WanRelay(target, link, s);
        r.spawn("wan-relay-accept", r::acceptLoop);
        return r;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public LinkProfile link() {
        return link;
    }

    /** The most bytes any one direction of any connection held at once (at most the bound plus one read). */
    public long highWater() {
        long max = 0;
        for (Relayed c : connections) {
            max = Math.max(max, Math.max(c.up.highWater(), c.down.highWater()));
        }
        return max;
    }

    /** Relay threads still running (0 after {@link #close}). */
    public int liveThreads() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                server.connect(target, 10_000);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "relay: cannot reach {0}: {1}", target, e.getMessage());
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            Relayed c = new Relayed(client, server, new DelayLine(link.queueBound()), new DelayLine(link.queueBound()));
            connections.add(c);
            if (closed) {
                c.close();
                return;
            }
            int n = connections.size();
            spawn("wan-relay-" + n + "-up-read", () -> c.read(c.client, c.up));
            spawn("wan-relay-" + n + "-up-write", () -> c.write(c.up, c.server));
            spawn("wan-relay-" + n + "-down-read", () -> c.read(c.server, c.down));
            spawn("wan-relay-" + n + "-down-write", () -> c.write(c.down, c.client));
        }
    }

    private void spawn(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /**
     * Stops accepting, drops every relayed connection (both sockets closed, queued bytes
     * discarded) and waits up to 5 s for the relay's threads to end.
     */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        connections.forEach(Relayed::close);
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Thread t : new ArrayList<>(threads)) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed or broken: nothing left to release
        }
    }

    /** One relayed connection: client to server is "up", server to client "down". */
    private final class Relayed {
        final Socket client;
        final Socket server;
        final DelayLine up;
        final DelayLine down;
        private int directionsDone;

        Relayed(Socket client, Socket server, DelayLine up, DelayLine down) {
            this.client = client;
            this.server = server;
            this.up = up;
            this.down = down;
        }

        /** Reads as the line has room; each chunk leaves after its turn on the rate limit plus the one-way delay. */
        void read(Socket from, DelayLine line) {
            TokenBucket bucket = new TokenBucket(link.bytesPerSecond(), CHUNK);
            long delay = link.oneWayDelayNanos();
            try {
                InputStream in = from.getInputStream();
                while (line.awaitRoom()) {
                    byte[] buf = new byte[CHUNK];
                    int n = in.read(buf);
                    long now = System.nanoTime();
                    if (n < 0) {
                        line.putEnd(bucket.departure(now, 0) + delay);
                        return;
                    }
                    line.put(buf, n, bucket.departure(now, n) + delay);
                }
            } catch (IOException | InterruptedException e) {
                close(); // a reset or our own close: the whole connection goes
            }
        }

        /** Writes chunks in order, each at its release time; at the end of the stream, shuts the output down. */
        void write(DelayLine line, Socket to) {
            try {
                OutputStream out = to.getOutputStream();
                for (DelayLine.Chunk c = line.take(); c != null; c = line.take()) {
                    for (long wait = c.releaseAtNanos() - System.nanoTime(); wait > 0 && !closed;
                         wait = c.releaseAtNanos() - System.nanoTime()) {
                        LockSupport.parkNanos(Math.min(wait, 100_000_000L)); // bounded: re-checks closed
                    }
                    if (c.isEnd()) {
                        to.shutdownOutput();
                        directionDone();
                        return;
                    }
                    out.write(c.data(), 0, c.length());
                    line.done(c);
                }
            } catch (IOException | InterruptedException e) {
                close();
            }
        }

        private void directionDone() {
            boolean both;
            synchronized (this) {
                both = ++directionsDone == 2;
            }
            if (both) {
                close();
            }
        }

        void close() {
            up.close();
            down.close();
            closeQuietly(client);
            closeQuietly(server);
        }
    }
}
