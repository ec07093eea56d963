package org.sshwire.transport.internal.pcapng;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back what {@link PcapngWriter} wrote for a session recording: the section comment, each
 * Enhanced Packet Block's TCP payload with its direction flag, time and comment, and the SSH key
 * log lines of the Decryption Secrets Blocks. Either byte order is read; blocks of other types
 * are skipped. Every length is checked against what is left before it is used.
 *
 * <pre>{@code
 * PcapngRecordingReader.Contents c = PcapngRecordingReader.read(Files.readAllBytes(file));
 * }</pre>
 */
public final class PcapngRecordingReader {
    /** One packet block: the TCP payload (maybe empty), its direction flag (0 if none), its comment or null. */
    public record Packet(long micros, int direction, byte[] tcpPayload, String comment) {
    }

    /** The section comment, the packets in order, and the key log lines in order. */
    public record Contents(String comment, List<Packet> packets, List<String> keyLogLines) {
    }

    private PcapngRecordingReader() {
    }

    /** @throws IllegalArgumentException naming what is wrong, when {@code file} is not such a recording */
    public static Contents read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        if (b.remaining() < 28 || b.getInt(0) != PcapngWriter.SHB) {
            throw new IllegalArgumentException("not a pcapng file (no section header block)");
        }
        String comment = null;
        List<Packet> packets = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        while (b.remaining() > 0) {
            if (b.remaining() < 12) {
                throw new IllegalArgumentException("truncated block at offset " + b.position());
            }
            int start = b.position();
            if (b.getInt(start) == PcapngWriter.SHB) { // the same bytes in either order
                int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(start + 8);
                b.order(magic == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                if (b.getInt(start + 8) != 0x1A2B3C4D) {
                    throw new IllegalArgumentException("pcapng section header without its byte-order magic");
                }
            }
            int type = b.getInt(start);
            long total = Integer.toUnsignedLong(b.getInt(start + 4));
            if (total < 12 || total % 4 != 0 || total > b.remaining()) {
                throw new IllegalArgumentException("block at offset " + start + " has invalid length " + total);
            }
            if (Integer.toUnsignedLong(b.getInt(start + (int) total - 4)) != total) {
                throw new IllegalArgumentException("block at offset " + start + ": trailing length differs from leading length " + total);
            }
            ByteBuffer body = b.duplicate().order(b.order());
            body.position(start + 8).limit(start + (int) total - 4);
            body = body.slice().order(b.order());
            if (type == PcapngWriter.SHB) {
                comment = comment(body, 16);
            } else if (type == PcapngWriter.EPB) {
                packets.add(packet(body));
            } else if (type == PcapngWriter.DSB) {
                if (body.remaining() < 8) {
                    throw new IllegalArgumentException("decryption secrets block too short");
                }
                int secretsType = body.getInt(0);
                int length = body.getInt(4);
                if (length < 0 || length > body.remaining() - 8) {
                    throw new IllegalArgumentException("decryption secrets block claims " + length + " bytes");
                }
                if (secretsType == PcapngWriter.SSH_KEY_LOG) {
                    byte[] text = new byte[length];
                    body.get(8, text);
                    for (String line : new String(text, StandardCharsets.US_ASCII).split("\n")) {
                        if (!line.isBlank()) {
                            lines.add(line.strip());
                        }
                    }
                }
            }
            b.position(start + (int) total);
        }
        return new Contents(comment, packets, lines);
    }

    private static Packet packet(ByteBuffer body) {
        if (body.remaining() < 20) {
            throw new IllegalArgumentException("enhanced packet block too short");
        }
        long micros = Integer.toUnsignedLong(body.getInt(4)) << 32 | Integer.toUnsignedLong(body.getInt(8));
        int captured = body.getInt(12);
        if (captured < 0 || captured > body.remaining() - 20) {
            throw new IllegalArgumentException("enhanced packet block claims " + captured + " captured bytes");
        }
        byte[] frame = new byte[captured];
        body.get(20, frame);
        int optionsAt = 20 + PcapngWriter.pad(captured);
        String comment = null;
        int direction = 0;
        for (int off = optionsAt; off + 4 <= body.remaining(); ) {
            int code = Short.toUnsignedInt(body.getShort(off));
            int len = Short.toUnsignedInt(body.getShort(off + 2));
            if (code == 0 || off + 4 + len > body.remaining()) {
                break;
            }
            if (code == PcapngWriter.OPT_COMMENT) {
                byte[] t = new byte[len];
                body.get(off + 4, t);
                comment = new String(t, StandardCharsets.UTF_8);
            } else if (code == PcapngWriter.OPT_EPB_FLAGS && len == 4) {
                direction = body.getInt(off + 4) & 3;
            }
            off += 4 + PcapngWriter.pad(len);
        }
        return new Packet(micros, direction, tcpPayload(frame), comment);
    }

    /** The first comment option at {@code off} in {@code body}, or null. */
    private static String comment(ByteBuffer body, int off) {
        while (off + 4 <= body.remaining()) {
            int code = Short.toUnsignedInt(body.getShort(off));
            int len = Short.toUnsignedInt(body.getShort(off + 2));
            if (code == 0 || off + 4 + len > body.remaining()) {
                return null;
            }
            if (code == PcapngWriter.OPT_COMMENT) {
                byte[] t = new byte[len];
                body.get(off + 4, t);
                return new String(t, StandardCharsets.UTF_8);
            }
            off += 4 + PcapngWriter.pad(len);
        }
        return null;
    }

    /** The TCP payload of a raw IPv4 or IPv6 frame. */
    static byte[] tcpPayload(byte[] f) {
        if (f.length < 1) {
            throw new IllegalArgumentException("empty frame");
        }
        int version = (f[0] & 0xff) >>> 4;
        int ip = version == 4 ? (f[0] & 0x0f) * 4 : version == 6 ? 40 : -1;
        if (ip < 20 || f.length < ip + 20) {
            throw new IllegalArgumentException("frame is not a TCP segment over IPv4 or IPv6");
        }
        int tcp = ((f[ip + 12] & 0xff) >>> 4) * 4;
        if (tcp < 20 || f.length < ip + tcp) {
            throw new IllegalArgumentException("TCP header length " + tcp + " is invalid");
        }
        return java.util.Arrays.copyOfRange(f, ip + tcp, f.length);
    }
}
