package org.sshwire.cli.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts TCP segments into connections by address and port pair, each with its two directions'
 * streams. The client is the side that sent the SYN without ACK; in a capture without the
 * handshake, the side with the higher port (an ephemeral port talking to a service port). A new
 * SYN on a pair whose connection already carried data starts a new connection (port reuse).
 *
 * <pre>{@code
 * TcpConnections all = new TcpConnections();
 * CaptureReader.read(in, f -> { TcpSegment s = TcpSegment.of(f); if (s != null) all.add(s); });
 * for (TcpConnections.Connection c : all.connections()) { ... c.clientToServer().bytes() ... }
 * }</pre>
 */
public final class TcpConnections {
    /** One connection: its endpoints and both directions. */
    public static final class Connection {
        private final TcpSegment.Endpoint a;
        private final TcpSegment.Endpoint b;
        private final TcpStream fromA = new TcpStream();
        private final TcpStream fromB = new TcpStream();
        private TcpSegment.Endpoint client;
        private final long firstFrame;

        Connection(TcpSegment first) {
            a = first.source();
            b = first.destination();
            firstFrame = first.frame();
        }

        void add(TcpSegment s) {
            boolean fromFirst = s.source().equals(a);
            if (s.syn() && client == null) {
                client = s.ack() ? s.destination() : s.source();
            }
            (fromFirst ? fromA : fromB).add(s);
        }

        boolean carriesData() {
            return fromA.bytes().length > 0 || fromB.bytes().length > 0;
        }

        public TcpSegment.Endpoint client() {
            return client != null ? client : a.port() >= b.port() ? a : b;
        }

        public TcpSegment.Endpoint server() {
            return client().equals(a) ? b : a;
        }

        /** Whether the handshake told which side is the client (else it was guessed from the ports). */
        public boolean clientKnown() {
            return client != null;
        }

        public TcpStream clientToServer() {
            return client().equals(a) ? fromA : fromB;
        }

        public TcpStream serverToClient() {
            return client().equals(a) ? fromB : fromA;
        }

        /** The capture's number of this connection's first frame. */
        public long firstFrame() {
            return firstFrame;
        }

        @Override
        public String toString() {
            return client() + " -> " + server();
        }
    }

    private final Map<List<TcpSegment.Endpoint>, Connection> open = new LinkedHashMap<>();
    private final List<Connection> all = new ArrayList<>();

    public void add(TcpSegment s) {
        List<TcpSegment.Endpoint> key = key(s);
        Connection c = open.get(key);
        if (c == null || s.syn() && !s.ack() && c.carriesData()) {
            c = new Connection(s);
            open.put(key, c);
            all.add(c);
        }
        c.add(s);
    }

    /** Every connection, in the order of their first frames. */
    public List<Connection> connections() {
        return List.copyOf(all);
    }

    private static List<TcpSegment.Endpoint> key(TcpSegment s) {
        TcpSegment.Endpoint x = s.source();
        TcpSegment.Endpoint y = s.destination();
        int cmp = java.util.Arrays.compare(x.address(), y.address());
        return cmp < 0 || cmp == 0 && x.port() <= y.port() ? List.of(x, y) : List.of(y, x);
    }
}
