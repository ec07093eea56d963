package org.sshwire.connection.internal.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The SOCKS server side of {@code ssh -D}: SOCKS4 (CONNECT), SOCKS4a (a host name after a
 * 0.0.0.x address) and SOCKS5 (RFC 1928: method 0x00 "no authentication" only, CONNECT only, IPv4,
 * IPv6 and domain names). Every field is read with its own bound: SOCKS5 lengths are one byte,
 * SOCKS4's NUL-terminated user id and host name stop at {@link #MAX_STRING} bytes, so a client
 * cannot make us buffer more than a few hundred bytes. What we do not serve is refused with the
 * reply the protocol has for it (SOCKS5 0x07 for BIND and UDP ASSOCIATE, 0x08 for an unknown
 * address type, 0xFF for no acceptable method; SOCKS4 0x5B) and then the connection is closed.
 *
 * <p>Unlike OpenSSH, which answers "succeeded" as soon as the request is parsed and simply closes
 * the socket if the channel open fails, the reply here waits for the server's answer, so the
 * SOCKS client sees the failure (RFC 1928 §6 0x02 for administratively prohibited, 0x05 for a
 * failed connect, 0x01 otherwise).
 *
 * <pre>{@code
 * SocksHandshake.Request r = SocksHandshake.read(in, out);  // throws after replying to what it refuses
 * Channel ch = conn.openChannel(new ChannelOpenData.DirectTcpip(r.host(), r.port(), ...));
 * SocksHandshake.succeeded(out, r);
 * }</pre>
 */
public final class SocksHandshake {
    /** The longest SOCKS4 user id or SOCKS4a host name taken (OpenSSH: 256 bytes). */
    public static final int MAX_STRING = 255;
    /** RFC 1928 §6 reply codes. */
    public static final int GENERAL_FAILURE = 0x01;
    public static final int NOT_ALLOWED = 0x02;
    public static final int HOST_UNREACHABLE = 0x04;
    public static final int CONNECTION_REFUSED = 0x05;
    public static final int COMMAND_NOT_SUPPORTED = 0x07;
    public static final int ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

    private SocksHandshake() {
    }

    /** A CONNECT to host:port asked with SOCKS {@code version} (4 or 5). */
    public record Request(int version, String host, int port) {
    }

    /** A request refused (after its reply was written) or not SOCKS at all. */
    public static final class SocksException extends IOException {
        private static final long serialVersionUID = 1L;

        SocksException(String message) {
            super(message);
        }
    }

    /** Reads one SOCKS4/4a/5 CONNECT request, answering the SOCKS5 method negotiation on the way. */
    public static Request read(InputStream in, OutputStream out) throws IOException {
        int version = u8(in);
        if (version == 4) {
            return socks4(in, out);
        }
        if (version == 5) {
            return socks5(in, out);
        }
        throw new SocksException("not a SOCKS4 or SOCKS5 request (first byte " + version + ")");
    }

    private static Request socks4(InputStream in, OutputStream out) throws IOException {
        int command = u8(in);
        int port = u16(in);
        byte[] ip = exactly(in, 4);
        readString(in, "user id"); // ignored, as ssh does
        if (command != 1) {
            refuse4(out);
            throw new SocksException("SOCKS4 command " + command + " is not supported (CONNECT only)");
        }
        String host;
        if (ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0) {
            byte[] name = readString(in, "host name"); // SOCKS4a: 0.0.0.x means "a name follows"
            if (name.length == 0 || !printable(name)) {
                refuse4(out);
                throw new SocksException("SOCKS4a: empty host name or one with control characters");
            }
            host = new String(name, StandardCharsets.UTF_8);
        } else {
            host = InetAddress.getByAddress(ip).getHostAddress();
        }
        return new Request(4, host, port);
    }

    private static Request socks5(InputStream in, OutputStream out) throws IOException {
        int methods = u8(in);
        byte[] offered = exactly(in, methods);
        boolean none = false;
        for (byte m : offered) {
            none |= m == 0;
        }
        if (!none) {
            out.write(new byte[] {5, (byte) 0xFF}); // RFC 1928 §3: no acceptable methods
            out.flush();
            throw new SocksException("SOCKS5 client offers no method 0x00 (no authentication)");
        }
        out.write(new byte[] {5, 0});
        out.flush();
        int version = u8(in);
        if (version != 5) {
            throw new SocksException("SOCKS5 request with version " + version);
        }
        int command = u8(in);
        u8(in); // RSV
        int type = u8(in);
        String host;
        switch (type) {
            case 1 -> host = InetAddress.getByAddress(exactly(in, 4)).getHostAddress();
            case 4 -> host = InetAddress.getByAddress(exactly(in, 16)).getHostAddress();
            case 3 -> {
                byte[] name = exactly(in, u8(in));
                if (name.length == 0 || !printable(name)) {
                    reply5(out, GENERAL_FAILURE);
                    throw new SocksException("SOCKS5: empty host name or one with control characters");
                }
                host = new String(name, StandardCharsets.UTF_8);
            }
            default -> {
                reply5(out, ADDRESS_TYPE_NOT_SUPPORTED);
                throw new SocksException("SOCKS5 address type " + type + " is not supported");
            }
        }
        int port = u16(in);
        if (command != 1) {
            reply5(out, COMMAND_NOT_SUPPORTED);
            throw new SocksException("SOCKS5 command " + command + (command == 2 ? " (BIND)" : command == 3 ? " (UDP ASSOCIATE)" : "")
                    + " is not supported (CONNECT only)");
        }
        return new Request(5, host, port);
    }

    /** The request's connection is made: SOCKS4 0x5A, SOCKS5 0x00 (bound address 0.0.0.0:0, as ssh). */
    public static void succeeded(OutputStream out, Request r) throws IOException {
        if (r.version() == 4) {
            out.write(new byte[] {0, 0x5A, 0, 0, 0, 0, 0, 0});
            out.flush();
        } else {
            reply5(out, 0);
        }
    }

    /** The request failed with RFC 1928 {@code code} (SOCKS4 has one code for every failure, 0x5B). */
    public static void failed(OutputStream out, Request r, int code) throws IOException {
        if (r.version() == 4) {
            refuse4(out);
        } else {
            reply5(out, code);
        }
    }

    private static void refuse4(OutputStream out) throws IOException {
        out.write(new byte[] {0, 0x5B, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    private static void reply5(OutputStream out, int code) throws IOException {
        out.write(new byte[] {5, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    private static int u8(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("SOCKS request ended early");
        }
        return b;
    }

    private static int u16(InputStream in) throws IOException {
        return u8(in) << 8 | u8(in);
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("SOCKS request ended early");
        }
        return b;
    }

    /** A NUL-terminated SOCKS4 string, at most {@link #MAX_STRING} bytes before the NUL. */
    private static byte[] readString(InputStream in, String what) throws IOException {
        byte[] buf = new byte[MAX_STRING];
        for (int n = 0; ; n++) {
            int b = u8(in);
            if (b == 0) {
                return java.util.Arrays.copyOf(buf, n);
            }
            if (n == MAX_STRING) {
                throw new SocksException("SOCKS4 " + what + " longer than " + MAX_STRING + " bytes");
            }
            buf[n] = (byte) b;
        }
    }

    /** A host name goes into a direct-tcpip request as is: no NUL or other control characters. */
    private static boolean printable(byte[] b) {
        for (byte c : b) {
            if ((c & 0xFF) < 0x20 || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
