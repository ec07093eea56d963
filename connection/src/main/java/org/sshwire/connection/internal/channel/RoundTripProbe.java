package org.sshwire.connection.internal.channel;

import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.internal.channel.ConnectionInternals;

/**
 * Measures the round trip to the peer once the connection is authenticated, and tells the channel
 * engine: it sizes receive windows to the path with it
 * ({@link org.sshwire.connection.engine.ConnectionEngine#roundTrip}, {@link org.sshwire.connection.engine.WindowTuning}),
 * and against OpenSSH it sets the send-ahead limit from it
 * ({@link org.sshwire.connection.engine.ConnectionEngine#sendAheadLimit}).
 *
 * <p>Three {@code keepalive@openssh.com} global requests with want-reply go out one after the
 * other (any answer will do, as for OpenSSH's ServerAliveInterval; RFC 4254 §4 says an unknown
 * request is answered with REQUEST_FAILURE), and the shortest time to an answer counts; it
 * includes both ends' scheduling, so it errs long (0.1–3 ms between two JVMs on 127.0.0.1),
 * which errs towards the whole window. The limit is what that round trip carries at
 * {@link #RATE}, never less than {@link #FLOOR}: up to 2 ms that is the floor, a quarter of
 * OpenSSH's 2 MiB window, which still allows 256 MB/s; from 8 ms up it is the whole window, so
 * wide-area links are not slowed. Until the answers are in, and if they never come, the whole
 * window is used.
 *
 * <p>The send-ahead limit only against OpenSSH (by its identification line). The limit answers a cost measured in
 * OpenSSH's client, whose rule for returning credit is known (channels.c channel_check_window:
 * after three maximum packets, or below half the window). A receiver may also withhold credit
 * for good — RFC 4254 §5.2 lets it, and a {@link org.sshwire.connection.engine.WindowPolicy}
 * can — and to the sender that looks like data still in flight: a limit below what it withholds
 * would stall the channel. Other peers therefore keep the whole window.
 *
 * <pre>{@code
 * RoundTripProbe.start(conn, conn.clientVersion()); // a server, after authentication
 * }</pre>
 */
public final class RoundTripProbe {
    private static final System.Logger LOG = System.getLogger(RoundTripProbe.class.getName());
    static final int PROBES = 3;
    /**
     * The smallest send-ahead limit. OpenSSH returns credit every ~100 KiB, so its channels get
     * twice its largest adjust anyway (PeerWindow). Interleaved on 127.0.0.1 (medians of 9,
     * aes128-gcm): an OpenSSH sftp get of 128 MiB took 0.67 s with 512 KiB, 0.68 s with 256 KiB
     * and 0.89 s with the whole window, and `ssh host cat` was the same with all three; the
     * larger floor slows less where the round trip is longer than measured.
     */
    public static final long FLOOR = 512 * 1024;
    /** Bytes per second the limit allows at least over the measured round trip. */
    public static final long RATE = 256L * 1000 * 1000;

    private RoundTripProbe() {
    }

    /** Probes; gives the engine the round trip, and sets the limit if {@code peerVersion} (its identification line) is OpenSSH's. */
    public static void start(SshConnection conn, String peerVersion) {
        probe(conn, PROBES, Long.MAX_VALUE, isOpenSsh(peerVersion));
    }

    /** Whether an identification line is OpenSSH's. */
    public static boolean isOpenSsh(String peerVersion) {
        return peerVersion != null && peerVersion.startsWith("SSH-2.0-OpenSSH_");
    }

    private static void probe(SshConnection conn, int left, long shortest, boolean limitSendAhead) {
        if (!conn.isOpen()) {
            return;
        }
        long sent = System.nanoTime();
        java.util.concurrent.CompletableFuture<GlobalReply> reply;
        try {
            reply = conn.sendGlobalRequestAsync(GlobalRequestBody.KEEPALIVE, true, Bytes.EMPTY);
        } catch (IllegalStateException closing) {
            return;
        }
        reply.whenComplete((answer, failed) -> {
            if (failed != null) {
                return; // the connection ended: nothing to tune
            }
            long rtt = Math.min(shortest, System.nanoTime() - sent);
            if (left > 1) {
                // Windows may start growing on the first answer (a bulk transfer is usually under
                // way by now); later answers refine it, as the shortest one counts.
                ConnectionInternals.driver(conn).run(e -> {
                    if (!e.isClosed()) {
                        e.connection().roundTrip(rtt);
                    }
                });
                probe(conn, left - 1, rtt, limitSendAhead);
            } else if (conn.isOpen()) {
                long limit = limitFor(rtt);
                LOG.log(System.Logger.Level.DEBUG, "{0}: round trip {1} µs, send-ahead limit {2} bytes",
                        conn.remoteAddress(), Long.toString(rtt / 1000), Long.toString(limit));
                ConnectionInternals.driver(conn).run(e -> {
                    if (!e.isClosed()) {
                        e.connection().roundTrip(rtt);
                        if (limitSendAhead) {
                            e.connection().sendAheadLimit(limit);
                        }
                    }
                });
            }
        });
    }

    /** The send-ahead limit for a round trip of {@code rttNanos}. */
    public static long limitFor(long rttNanos) {
        long carried = rttNanos >= Long.MAX_VALUE / RATE ? Long.MAX_VALUE : rttNanos * RATE / 1_000_000_000L;
        return Math.max(FLOOR, carried);
    }
}
