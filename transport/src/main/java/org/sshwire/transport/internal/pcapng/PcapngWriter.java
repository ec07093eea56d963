package org.sshwire.transport.internal.pcapng;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the pcapng blocks a session recording needs (draft-ietf-opsawg-pcapng): one section
 * with one raw-IP interface, Enhanced Packet Blocks with a comment and a direction flag, and
 * Decryption Secrets Blocks carrying SSH key log lines (secrets type {@code SSHK}), which
 * Wireshark reads in place of a separate key log file. Little-endian, as tcpdump writes.
 *
 * <pre>{@code
 * PcapngWriter w = new PcapngWriter(out);
 * w.sectionHeader("sshwire client recording");
 * w.rawIpInterface();
 * w.packet(micros, frame, PcapngWriter.OUTBOUND, null);
 * }</pre>
 */
public final class PcapngWriter {
    public static final int SHB = 0x0A0D0D0A;
    public static final int IDB = 1;
    public static final int EPB = 6;
    public static final int DSB = 10;
    /** Secrets type of an SSH key log in a Decryption Secrets Block ("SSHK"). */
    public static final int SSH_KEY_LOG = 0x5353484B;
    public static final int LINKTYPE_RAW = 101;
    /** epb_flags direction bits. */
    public static final int INBOUND = 1;
    public static final int OUTBOUND = 2;
    static final int OPT_COMMENT = 1;
    static final int OPT_EPB_FLAGS = 2;
    static final int OPT_SHB_USERAPPL = 4;

    private final OutputStream out;

    public PcapngWriter(OutputStream out) {
        this.out = out;
    }

    /** A section header whose comment says what the recording is. */
    public void sectionHeader(String comment) throws IOException {
        ByteBuffer b = block(SHB, 16 + option(comment) + option("sshwire") + 4);
        b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        putOption(b, OPT_COMMENT, comment.getBytes(StandardCharsets.UTF_8));
        putOption(b, OPT_SHB_USERAPPL, "sshwire".getBytes(StandardCharsets.UTF_8));
        b.putInt(0);
        write(b);
    }

    /** Interface 0: raw IPv4/IPv6 frames, microsecond timestamps (the default resolution). */
    public void rawIpInterface() throws IOException {
        ByteBuffer b = block(IDB, 8);
        b.putShort((short) LINKTYPE_RAW).putShort((short) 0).putInt(0);
        write(b);
    }

    /** One frame on interface 0; {@code comment} may be null. */
    public void packet(long micros, byte[] frame, int direction, String comment) throws IOException {
        byte[] text = comment == null ? null : comment.getBytes(StandardCharsets.UTF_8);
        int options = 8 + (text == null ? 0 : 4 + pad(text.length)) + 4;
        ByteBuffer b = block(EPB, 20 + pad(frame.length) + options);
        b.putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros).putInt(frame.length).putInt(frame.length);
        b.put(frame).position(b.position() + pad(frame.length) - frame.length);
        if (text != null) {
            putOption(b, OPT_COMMENT, text);
        }
        b.putShort((short) OPT_EPB_FLAGS).putShort((short) 4).putInt(direction);
        b.putInt(0);
        write(b);
    }

    /** A Decryption Secrets Block with these SSH key log lines (each ended by a newline). */
    public void sshKeyLog(String lines) throws IOException {
        byte[] data = lines.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = block(DSB, 8 + pad(data.length));
        b.putInt(SSH_KEY_LOG).putInt(data.length).put(data);
        write(b);
    }

    public void flush() throws IOException {
        out.flush();
    }

    private static int option(String text) {
        return 4 + pad(text.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void putOption(ByteBuffer b, int code, byte[] value) {
        b.putShort((short) code).putShort((short) value.length).put(value);
        b.position(b.position() + pad(value.length) - value.length);
    }

    static int pad(int n) {
        return (n + 3) & ~3;
    }

    /** A zeroed block of {@code body} bytes with its type and leading length written. */
    private static ByteBuffer block(int type, int body) {
        ByteBuffer b = ByteBuffer.allocate(12 + body).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(type).putInt(12 + body);
    }

    /** Ends the block with its length again, after the body's padding. */
    private void write(ByteBuffer b) throws IOException {
        b.putInt(b.capacity() - 4, b.capacity());
        out.write(b.array());
    }
}
