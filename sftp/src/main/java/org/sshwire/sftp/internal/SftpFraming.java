package org.sshwire.sftp.internal;

import java.nio.ByteBuffer;
import org.sshwire.transport.wire.WireFormatException;

/**
 * Splits a byte stream into SFTP packets: {@code uint32 length} then that many bytes
 * (draft-ietf-secsh-filexfer-02 §3). The length is checked against the maximum before anything
 * is allocated, so a peer claiming 4 GiB costs nothing.
 *
 * <pre>{@code
 * SftpFraming framing = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET);
 * framing.feed(bytes);
 * byte[] packet;
 * while ((packet = framing.next()) != null) { SftpPacket.decode(packet); }
 * }</pre>
 */
public final class SftpFraming {
    /** 256 KiB, OpenSSH's SFTP_MAX_MSG_LENGTH. */
    public static final int DEFAULT_MAX_PACKET = 256 * 1024;

    private final int maxPacket;
    private final byte[] header = new byte[4];
    private int headerFill;
    private byte[] body;
    private int bodyFill;
    private final java.util.ArrayDeque<byte[]> ready = new java.util.ArrayDeque<>();

    public SftpFraming(int maxPacket) {
        this.maxPacket = maxPacket;
    }

    /**
     * Consumes all of {@code in}. Throws {@link WireFormatException} for a zero or oversized
     * length; the stream cannot be resynchronised after that.
     */
    public void feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (body == null) {
                int n = Math.min(4 - headerFill, in.remaining());
                in.get(header, headerFill, n);
                headerFill += n;
                if (headerFill < 4) {
                    return;
                }
                long len = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16)
                        | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                if (len == 0 || len > maxPacket) {
                    throw new WireFormatException(0, "SFTP packet length " + len
                            + " outside 1.." + maxPacket);
                }
                body = new byte[(int) len];
                bodyFill = 0;
            }
            int n = Math.min(body.length - bodyFill, in.remaining());
            in.get(body, bodyFill, n);
            bodyFill += n;
            if (bodyFill == body.length) {
                ready.add(body);
                body = null;
                headerFill = 0;
            }
        }
    }

    /** The next complete packet ({@code type, data}), or null. */
    public byte[] next() {
        return ready.poll();
    }

    /** Whether a packet has started but not finished (EOF now would truncate it). */
    public boolean isMidPacket() {
        return headerFill > 0 || body != null;
    }

    /** Bytes held in complete-but-unread packets and the partial one. */
    public long bufferedBytes() {
        long n = bodyFill + headerFill;
        for (byte[] b : ready) {
            n += b.length;
        }
        return n;
    }
}
