package org.sshwire.transport.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.IdentificationException;
import org.sshwire.transport.TransportException;

/**
 * Reads the peer's identification line, {@code SSH-protoversion-softwareversion SP comments CR LF}
 * (RFC 4253 §4.2), from input split anywhere.
 *
 * <p>A server may send other lines first (at most {@value #MAX_PRE_LINES} of at most
 * {@value #MAX_PRE_LINE_LENGTH} bytes); a client may not. The identification line is at most
 * {@value #MAX_IDENTIFICATION_LENGTH} bytes including CR LF. A bare LF ending is tolerated, as
 * OpenSSH does. Input is consumed only up to the end of the identification line, so the bytes
 * after it remain for the packet layer. A refused line throws {@link IdentificationException},
 * which carries the text sshd sends back for it.
 *
 * <pre>{@code
 * VersionExchange in = new VersionExchange(true);   // we are the client
 * if (in.receive(buffer)) String serverVersion = in.identification();
 * }</pre>
 */
public final class VersionExchange {
    public static final int MAX_IDENTIFICATION_LENGTH = 255;
    public static final int MAX_PRE_LINE_LENGTH = 8192;
    public static final int MAX_PRE_LINES = 1024;

    private final boolean peerIsServer;
    /**
     * The line being read: room for an identification line, grown (up to the pre-line limit) only
     * for a longer line a server sends first, and let go once the identification is read, since
     * every connection keeps its VersionExchange (idle memory, issue 22).
     */
    private byte[] line = new byte[MAX_IDENTIFICATION_LENGTH];
    private int lineLength;
    private final List<String> preLines = new ArrayList<>();
    private String identification;

    /** @param peerIsServer true when we are the client, so lines before the identification are allowed */
    public VersionExchange(boolean peerIsServer) {
        this.peerIsServer = peerIsServer;
    }

    /** True once the identification line is complete. */
    public boolean isDone() {
        return identification != null;
    }

    /** The peer's identification line without CR LF, exactly as hashed into H (RFC 4253 §8). */
    public String identification() {
        return identification;
    }

    /** Lines the server sent before its identification (RFC 4253 §4.2), without line ends. */
    public List<String> preIdentificationLines() {
        return List.copyOf(preLines);
    }

    /**
     * Consumes input up to the end of the identification line.
     *
     * @return true once the identification is complete
     * @throws TransportException for an over-long line, too many lines, a client's stray line, or an unsupported version
     */
    public boolean receive(ByteBuffer src) {
        while (identification == null && src.hasRemaining()) {
            byte b = src.get();
            if (b == '\n') {
                endOfLine();
                continue;
            }
            boolean isIdent = lineLength >= 4 && startsWithSsh();
            // 255 bytes in all: the line, its CR if any, and the LF that ends it.
            int limit = isIdent ? MAX_IDENTIFICATION_LENGTH - 1 : MAX_PRE_LINE_LENGTH;
            if (lineLength >= limit) {
                throw invalid(isIdent
                        ? "identification line longer than " + MAX_IDENTIFICATION_LENGTH + " bytes"
                        : "line before identification longer than " + MAX_PRE_LINE_LENGTH + " bytes");
            }
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(MAX_PRE_LINE_LENGTH, line.length * 2));
            }
            line[lineLength++] = b;
            if (!peerIsServer && lineLength == 4 && !startsWithSsh()) {
                // RFC 4253 §4.2: only the server may send other lines first.
                throw invalid("client sent data that is not an SSH identification");
            }
        }
        return identification != null;
    }

    /** protoversion, then a non-empty softwareversion and comments (RFC 4253 §4.2). */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("SSH-([0-9]+)\\.([0-9]+)-.+");

    private static boolean isMajor2(java.util.regex.Matcher m) {
        return m.group(1).replaceFirst("^0+(?=.)", "").equals("2");
    }

    private static IdentificationException invalid(String why) {
        return new IdentificationException(DisconnectReason.PROTOCOL_ERROR, IdentificationException.INVALID, why);
    }

    private boolean startsWithSsh() {
        return line[0] == 'S' && line[1] == 'S' && line[2] == 'H' && line[3] == '-';
    }

    private void endOfLine() {
        int len = lineLength;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        String text = new String(line, 0, len, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        // sshd takes a line as the identification when it is longer than "SSH-" and starts so.
        if (len > 4 && text.startsWith("SSH-")) {
            for (int i = 0; i < len; i++) {
                if (line[i] < 0x20 || line[i] > 0x7e) {
                    throw invalid("identification contains a non-printable byte");
                }
            }
            // sshd: sscanf(id, "SSH-%d.%d-%[^\n]") must match, then major 2, or 1.99 (kex.c)
            java.util.regex.Matcher m = ID.matcher(text);
            if (!m.matches()) {
                throw invalid("malformed identification: " + printable(text));
            }
            if (!text.startsWith("SSH-2.0-") && !text.startsWith("SSH-1.99-")) {
                throw new IdentificationException(DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED,
                        isMajor2(m) ? IdentificationException.INVALID : IdentificationException.VERSIONS_DIFFER,
                        "unsupported protocol version: " + printable(text));
            }
            identification = text;
            line = new byte[0];
            return;
        }
        if (!peerIsServer) {
            throw invalid("client sent data that is not an SSH identification");
        }
        if (preLines.size() >= MAX_PRE_LINES) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR,
                    "more than " + MAX_PRE_LINES + " lines before the identification");
        }
        preLines.add(text);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.length() > 80 ? b.substring(0, 80) + "..." : b.toString();
    }

    /** The bytes we send: our identification followed by CR LF. */
    public static byte[] encode(String identification) {
        if (!identification.startsWith("SSH-2.0-") || identification.length() > MAX_IDENTIFICATION_LENGTH - 2) {
            throw new IllegalArgumentException("identification must start with SSH-2.0- and fit in 253 bytes");
        }
        for (char c : identification.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("identification must be printable US-ASCII");
            }
        }
        return (identification + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
