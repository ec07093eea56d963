package org.sshwire.transport.internal.pcapng;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Makes IPv4 or IPv6 TCP frames of one connection's byte streams, so a recording opens in
 * Wireshark as the TCP session it was: a three-way handshake, then each side's bytes in
 * segments of at most {@value #MAX_SEGMENT} bytes with running sequence and acknowledgement
 * numbers, and checksums filled in (RFC 791, RFC 793, RFC 8200 §8.1).
 *
 * <pre>{@code
 * TcpFrames tcp = new TcpFrames(client, server);
 * for (byte[] f : tcp.handshake()) { ... }
 * for (byte[] f : tcp.data(true, bytes)) { ... }   // client to server
 * }</pre>
 */
public final class TcpFrames {
    static final int MAX_SEGMENT = 32768;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;

    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private final boolean v6;
    private int clientSeq = 0x1000;
    private int serverSeq = 0x5000;

    /** Addresses may be null (an in-memory connection): 127.0.0.1 ports 50022 and 22 stand in. */
    public TcpFrames(InetSocketAddress client, InetSocketAddress server) {
        InetSocketAddress c = client != null && client.getAddress() != null ? client
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 50022);
        InetSocketAddress s = server != null && server.getAddress() != null ? server
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 22);
        boolean sixC = c.getAddress() instanceof Inet6Address;
        boolean sixS = s.getAddress() instanceof Inet6Address;
        if (sixC != sixS) { // a v4-mapped peer on a v6 socket: show both as v6
            c = new InetSocketAddress(asV6(c.getAddress()), c.getPort());
            s = new InetSocketAddress(asV6(s.getAddress()), s.getPort());
        }
        this.client = c;
        this.server = s;
        this.v6 = sixC || sixS;
    }

    /** SYN, SYN-ACK, ACK. */
    public byte[][] handshake() {
        byte[] syn = frame(true, SYN, clientSeq - 1, 0, new byte[0], 0, 0);
        byte[] synAck = frame(false, SYN | ACK, serverSeq - 1, clientSeq, new byte[0], 0, 0);
        byte[] ack = frame(true, ACK, clientSeq, serverSeq, new byte[0], 0, 0);
        return new byte[][] {syn, synAck, ack};
    }

    /** {@code data} from the client (or the server) as one or more segments. */
    public byte[][] data(boolean fromClient, byte[] data) {
        int n = Math.max(1, (data.length + MAX_SEGMENT - 1) / MAX_SEGMENT);
        byte[][] frames = new byte[n][];
        for (int i = 0; i < n; i++) {
            int off = i * MAX_SEGMENT;
            int len = Math.min(MAX_SEGMENT, data.length - off);
            int seq = fromClient ? clientSeq : serverSeq;
            int ack = fromClient ? serverSeq : clientSeq;
            frames[i] = frame(fromClient, PSH | ACK, seq, ack, data, off, len);
            if (fromClient) {
                clientSeq += len;
            } else {
                serverSeq += len;
            }
        }
        return frames;
    }

    private byte[] frame(boolean fromClient, int flags, int seq, int ack, byte[] data, int off, int len) {
        InetSocketAddress src = fromClient ? client : server;
        InetSocketAddress dst = fromClient ? server : client;
        int ipHeader = v6 ? 40 : 20;
        ByteBuffer f = ByteBuffer.allocate(ipHeader + 20 + len);
        byte[] s = src.getAddress().getAddress();
        byte[] d = dst.getAddress().getAddress();
        if (v6) {
            f.putInt(0x60000000).putShort((short) (20 + len)).put((byte) 6).put((byte) 64).put(s).put(d);
        } else {
            f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 20 + len)).putShort((short) 0)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).put(s).put(d);
            f.putShort(10, checksum(f.array(), 0, 20, 0));
        }
        int tcp = f.position();
        f.putShort((short) src.getPort()).putShort((short) dst.getPort()).putInt(seq).putInt(ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 0xffff).putShort((short) 0).putShort((short) 0);
        f.put(data, off, len);
        long pseudo = sum(s) + sum(d) + 6 + 20 + len;
        f.putShort(tcp + 16, checksum(f.array(), tcp, 20 + len, pseudo));
        return f.array();
    }

    private static InetAddress asV6(InetAddress a) {
        if (a instanceof Inet6Address) {
            return a;
        }
        byte[] v4 = a.getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        try {
            return Inet6Address.getByAddress(null, v6, null);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sum(byte[] b) {
        return partial(b, 0, b.length);
    }

    private static long partial(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xff) << 8;
        }
        return sum;
    }

    /** The Internet checksum (RFC 1071) of {@code b[off, off+len)} plus {@code extra}. */
    private static short checksum(byte[] b, int off, int len, long extra) {
        long sum = partial(b, off, len) + extra;
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (short) ~sum;
    }
}
