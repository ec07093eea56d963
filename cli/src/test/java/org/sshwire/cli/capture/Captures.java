package org.sshwire.cli.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds capture files and frames byte by byte, for the reader tests. */
public final class Captures {
    private Captures() {
    }

    public static final byte[] CLIENT_V4 = {127, 0, 0, 1};
    public static final byte[] SERVER_V4 = {127, 0, 0, 2};

    /** A TCP segment with the given flags (SYN 0x02, ACK 0x10, FIN 0x01) and payload. */
    public static byte[] tcp(int srcPort, int dstPort, long seq, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt(0)
                .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(payload);
        return b.array();
    }

    public static byte[] ipv4(byte[] src, byte[] dst, byte[] tcp) {
        ByteBuffer b = ByteBuffer.allocate(20 + tcp.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst).put(tcp);
        return b.array();
    }

    public static byte[] ipv6(byte[] src, byte[] dst, byte[] tcp) {
        ByteBuffer b = ByteBuffer.allocate(40 + tcp.length);
        b.putInt(0x60000000).putShort((short) tcp.length).put((byte) 6).put((byte) 64).put(src).put(dst).put(tcp);
        return b.array();
    }

    public static byte[] ethernet(byte[] ip, int etherType) {
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length + 4);
        b.put(new byte[12]).putShort((short) etherType).put(ip).put(new byte[4]); // trailing padding, as short frames have
        return b.array();
    }

    public static byte[] sll(byte[] ip, int protocol) {
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
        b.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]).putShort((short) protocol).put(ip);
        return b.array();
    }

    public static byte[] sll2(byte[] ip, int protocol) {
        ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0).put((byte) 6)
                .put(new byte[8]).put(ip);
        return b.array();
    }

    public static byte[] nullLink(byte[] ip, int family) {
        ByteBuffer b = ByteBuffer.allocate(4 + ip.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(family).put(ip);
        return b.array();
    }

    /** A classic pcap file: microseconds, in the given byte order. */
    public static byte[] pcap(ByteOrder order, int linkType, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
        out.writeBytes(h.array());
        int i = 0;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt(1_700_000_000 + i).putInt(i * 1000).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
            i++;
        }
        return out.toByteArray();
    }

    /** A pcapng section with one interface (nanosecond resolution) and an enhanced packet block per frame. */
    public static byte[] pcapng(ByteOrder order, int linkType, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(block(order, 0x0A0D0D0A, ByteBuffer.allocate(16).order(order)
                .putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array()));
        out.writeBytes(block(order, 1, ByteBuffer.allocate(20).order(order).putShort((short) linkType).putShort((short) 0)
                .putInt(0).putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).putInt(0).array()));
        int i = 0;
        for (byte[] f : frames) {
            long t = 1_700_000_000_000_000_000L + i;
            ByteBuffer b = ByteBuffer.allocate(20 + (f.length + 3) / 4 * 4).order(order);
            b.putInt(0).putInt((int) (t >>> 32)).putInt((int) t).putInt(f.length).putInt(f.length).put(f);
            out.writeBytes(block(order, 6, b.array()));
            i++;
        }
        return out.toByteArray();
    }

    public static byte[] block(ByteOrder order, int type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(order);
        b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
        return b.array();
    }
}
