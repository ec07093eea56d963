package org.sshwire.cli.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One TCP segment lifted out of a captured frame (RFC 9293 §3.1), with the IP addresses it
 * travelled between.
 *
 * @param sequence the segment's sequence number, unsigned 32-bit
 */
public record TcpSegment(Endpoint source, Endpoint destination, long sequence, boolean syn, boolean ack, boolean fin,
                         boolean rst, byte[] payload, long timeNanos, long frame) {

    /** An address and port. */
    public record Endpoint(byte[] address, int port) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Endpoint e && e.port == port && java.util.Arrays.equals(e.address, address);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(address) * 31 + port;
        }

        @Override
        public String toString() {
            try {
                String a = InetAddress.getByAddress(address).getHostAddress();
                return (address.length == 16 ? "[" + a + "]" : a) + ":" + port;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // only for lengths other than 4 and 16, which we never build
            }
        }
    }

    /**
     * The TCP segment in {@code frame}, or null when the frame is not TCP over IPv4/IPv6 on a
     * link type this reader knows, or is an IP fragment.
     *
     * @throws CaptureException for a TCP or IP header that contradicts its own lengths
     */
    public static TcpSegment of(Frame frame) {
        byte[] d = frame.data();
        int ip = LinkLayer.ipOffset(frame.linkType(), d);
        if (ip < 0 || ip >= d.length) {
            return null;
        }
        int version = (d[ip] & 0xff) >>> 4;
        int tcp;
        int end;
        byte[] src;
        byte[] dst;
        if (version == 4) {
            if (d.length - ip < 20) {
                return null;
            }
            int ihl = (d[ip] & 0x0f) * 4;
            int total = Bin.uint16(d, ip + 2, false);
            int fragment = Bin.uint16(d, ip + 6, false);
            if (d[ip + 9] != 6 || (fragment & 0x3fff) != 0) {
                return null; // not TCP, or a fragment (never on loopback SSH; not reassembled here)
            }
            if (ihl < 20 || total < ihl) {
                throw new CaptureException("frame " + frame.number() + ": IPv4 header length " + ihl + " / total " + total + " invalid");
            }
            src = java.util.Arrays.copyOfRange(d, ip + 12, ip + 16);
            dst = java.util.Arrays.copyOfRange(d, ip + 16, ip + 20);
            tcp = ip + ihl;
            end = Math.min(d.length, ip + total); // Ethernet pads short frames; a snapshot length cuts long ones
        } else if (version == 6) {
            if (d.length - ip < 40) {
                return null;
            }
            int next = d[ip + 6] & 0xff;
            end = Math.min(d.length, ip + 40 + Bin.uint16(d, ip + 4, false));
            src = java.util.Arrays.copyOfRange(d, ip + 8, ip + 24);
            dst = java.util.Arrays.copyOfRange(d, ip + 24, ip + 40);
            tcp = ip + 40;
            // Hop-by-hop, routing and destination options headers: skip (RFC 8200 §4); a fragment header ends the search.
            while ((next == 0 || next == 43 || next == 60) && tcp + 8 <= end) {
                next = d[tcp] & 0xff;
                tcp += 8 + (d[tcp + 1] & 0xff) * 8;
            }
            if (next != 6) {
                return null;
            }
        } else {
            return null;
        }
        if (end - tcp < 20) {
            return null; // the snapshot length cut the TCP header
        }
        int dataOffset = ((d[tcp + 12] & 0xff) >>> 4) * 4;
        if (dataOffset < 20 || tcp + dataOffset > end) {
            throw new CaptureException("frame " + frame.number() + ": TCP data offset " + dataOffset + " is invalid");
        }
        int flags = d[tcp + 13] & 0xff;
        return new TcpSegment(new Endpoint(src, Bin.uint16(d, tcp, false)), new Endpoint(dst, Bin.uint16(d, tcp + 2, false)),
                Bin.uint32(d, tcp + 4, false), (flags & 0x02) != 0, (flags & 0x10) != 0, (flags & 0x01) != 0, (flags & 0x04) != 0,
                java.util.Arrays.copyOfRange(d, tcp + dataOffset, end), frame.timeNanos(), frame.number());
    }
}
