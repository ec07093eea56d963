package org.sshwire.connection.internal.driver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The PROXY protocol header a load balancer sends before the client's bytes (HAProxy's "The
 * PROXY protocol", versions 1 and 2), parsed sans-IO from the bytes received so far.
 * {@link #parse} either asks for more (and says how big a buffer to read them into, so a v2
 * header is read exactly and a v1 line at most 107 bytes at a time), or returns the header with
 * its length, or throws {@link Malformed}. {@code source} is null when the header says to keep
 * the socket's own addresses ({@code PROXY UNKNOWN}, v2 {@code LOCAL}, v2 {@code AF_UNSPEC}).
 */
public record ProxyHeader(int length, InetSocketAddress source, InetSocketAddress destination) {
    /** Spec 2.1: a v1 line is at most 107 bytes, CRLF included. */
    public static final int V1_MAX = 107;
    /** Spec 2.2: signature, version/command, family/protocol, 16-bit length. */
    public static final int V2_FIXED = 16;
    static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** A header that is not one: the connection it came on is closed. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** What {@link #parse} found: a complete header, or how large a buffer the rest needs. */
    public sealed interface Result permits Complete, Incomplete {
    }

    public record Complete(ProxyHeader header) implements Result {
    }

    /** Not enough bytes yet: read on into a buffer of {@code bufferSize} bytes. */
    public record Incomplete(int bufferSize) implements Result {
    }

    /** True when the header keeps the socket's addresses (UNKNOWN, LOCAL, AF_UNSPEC). */
    public boolean keepsSocketAddresses() {
        return source == null;
    }

    /**
     * Parses {@code buf[0..len)}, the first bytes of a connection.
     *
     * @throws Malformed as soon as the bytes cannot begin a valid header
     */
    public static Result parse(byte[] buf, int len) throws Malformed {
        if (startsWith(buf, len, V2_SIGNATURE)) {
            return parseV2(buf, len);
        }
        if (startsWith(buf, len, V1_SIGNATURE)) {
            return parseV1(buf, len);
        }
        throw new Malformed("not a PROXY protocol header: starts with " + printable(buf, Math.min(len, 16)));
    }

    /** Whether the bytes agree with {@code sig} as far as both go. */
    private static boolean startsWith(byte[] buf, int len, byte[] sig) {
        int n = Math.min(len, sig.length);
        return Arrays.equals(buf, 0, n, sig, 0, n);
    }

    private static Result parseV1(byte[] buf, int len) throws Malformed {
        int end = -1;
        for (int i = 0; i < Math.min(len, V1_MAX); i++) {
            if (buf[i] == '\r') {
                if (i + 1 < len && buf[i + 1] != '\n') {
                    throw new Malformed("PROXY v1: CR not followed by LF");
                }
                end = i;
                break;
            }
            if (buf[i] == '\n' || buf[i] < 0x20 || buf[i] > 0x7e) {
                throw new Malformed("PROXY v1: a control or non-ASCII byte in the line");
            }
        }
        if (end < 0 || end + 1 >= len) {
            if (len >= V1_MAX) {
                throw new Malformed("PROXY v1: no CRLF within " + V1_MAX + " bytes");
            }
            return new Incomplete(V1_MAX);
        }
        if (end + 2 > V1_MAX) {
            throw new Malformed("PROXY v1: no CRLF within " + V1_MAX + " bytes");
        }
        String line = new String(buf, 0, end, StandardCharsets.US_ASCII);
        String[] f = line.split(" ", -1);
        int length = end + 2;
        if (f.length >= 2 && f[1].equals("UNKNOWN")) {
            return new Complete(new ProxyHeader(length, null, null)); // spec: the rest is ignored
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new Malformed("PROXY v1: want 'PROXY TCP4|TCP6 SRC DST SPORT DPORT' or 'PROXY UNKNOWN': " + line);
        }
        boolean v6 = f[1].equals("TCP6");
        InetAddress src = v1Address(f[2], v6);
        InetAddress dst = v1Address(f[3], v6);
        return new Complete(new ProxyHeader(length, new InetSocketAddress(src, v1Port(f[4])),
                new InetSocketAddress(dst, v1Port(f[5]))));
    }

    private static InetAddress v1Address(String s, boolean v6) throws Malformed {
        boolean ok = v6 ? !s.isEmpty() && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                && s.indexOf(':') >= 0
                : s.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
        if (ok) {
            try {
                InetAddress a = InetAddress.getByName(s); // numeric, checked above: no name lookup
                // getByName folds an IPv4-mapped IPv6 literal to IPv4; the family must match TCP4/TCP6
                if ((a.getAddress().length == 16) == v6 || v6 && s.indexOf('.') >= 0) {
                    return a;
                }
            } catch (UnknownHostException e) {
                // reported below
            }
        }
        throw new Malformed("PROXY v1: not an " + (v6 ? "IPv6" : "IPv4") + " address: " + s);
    }

    private static int v1Port(String s) throws Malformed {
        // spec 2.1: decimal, 0..65535, no leading zero
        if (!s.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(s) > 65535) {
            throw new Malformed("PROXY v1: not a port: " + s);
        }
        return Integer.parseInt(s);
    }

    private static Result parseV2(byte[] buf, int len) throws Malformed {
        if (len >= 13 && (buf[12] & 0xf0) != 0x20) {
            throw new Malformed("PROXY v2: version " + ((buf[12] & 0xf0) >> 4) + ", want 2");
        }
        if (len >= 13 && (buf[12] & 0x0f) > 1) {
            throw new Malformed("PROXY v2: command " + (buf[12] & 0x0f) + ", want LOCAL (0) or PROXY (1)");
        }
        if (len < V2_FIXED) {
            return new Incomplete(V2_FIXED);
        }
        int body = (buf[14] & 0xff) << 8 | buf[15] & 0xff;
        int family = (buf[13] & 0xf0) >> 4;
        int transport = buf[13] & 0x0f;
        boolean proxy = (buf[12] & 0x0f) == 1;
        // Checked before reading (or allocating for) the body.
        int need = proxy && family == 1 ? 12 : proxy && family == 2 ? 36 : 0;
        if (body < need) {
            throw new Malformed("PROXY v2: " + body + " address bytes, the family needs " + need);
        }
        if (proxy && family > 2 || proxy && family != 0 && transport != 1) {
            throw new Malformed("PROXY v2: family/protocol 0x" + Integer.toHexString(buf[13] & 0xff)
                    + " is not TCP over IPv4 or IPv6");
        }
        int total = V2_FIXED + body;
        if (len < total) {
            return new Incomplete(total);
        }
        if (!proxy || family == 0) {
            return new Complete(new ProxyHeader(total, null, null)); // LOCAL or AF_UNSPEC: the socket's own
        }
        int a = family == 1 ? 4 : 16;
        InetSocketAddress src = new InetSocketAddress(address(buf, V2_FIXED, a), port(buf, V2_FIXED + 2 * a));
        InetSocketAddress dst = new InetSocketAddress(address(buf, V2_FIXED + a, a), port(buf, V2_FIXED + 2 * a + 2));
        return new Complete(new ProxyHeader(total, src, dst)); // TLVs after the addresses are ignored
    }

    private static InetAddress address(byte[] buf, int off, int n) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(buf, off, off + n));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 or 16 bytes always make an address
        }
    }

    private static int port(byte[] buf, int off) {
        return (buf[off] & 0xff) << 8 | buf[off + 1] & 0xff;
    }

    private static String printable(byte[] buf, int n) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < n; i++) {
            int c = buf[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('\'').toString();
    }
}
