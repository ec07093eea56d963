package org.sshwire.cli.capture;

/**
 * Where the IP header starts in a frame of each link type this reader knows
 * (tcpdump.org/linktypes.html): Ethernet (with 802.1Q/802.1ad tags), Linux cooked capture v1
 * and v2 (what {@code -i any} gives), BSD loopback/null and OpenBSD loop, and raw IP.
 */
final class LinkLayer {
    static final int NULL = 0;
    static final int ETHERNET = 1;
    static final int RAW = 101;
    static final int LOOP = 108;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    private LinkLayer() {
    }

    /** The IP header's offset, or -1 when the frame does not carry IPv4/IPv6 or its link type is unknown. */
    static int ipOffset(int linkType, byte[] d) {
        switch (linkType) {
            case ETHERNET -> {
                int off = 12;
                while (d.length >= off + 2) {
                    int type = Bin.uint16(d, off, false);
                    if (type == 0x8100 || type == 0x88a8) {
                        off += 4;
                        continue;
                    }
                    return type == 0x0800 || type == 0x86dd ? off + 2 : -1;
                }
                return -1;
            }
            case LINUX_SLL -> {
                return d.length >= 16 && isIp(Bin.uint16(d, 14, false)) ? 16 : -1;
            }
            case LINUX_SLL2 -> {
                return d.length >= 20 && isIp(Bin.uint16(d, 0, false)) ? 20 : -1;
            }
            case NULL, LOOP -> {
                if (d.length < 4) {
                    return -1;
                }
                // NULL: the family in the capturing host's byte order; LOOP: network order.
                long family = Bin.uint32(d, 0, false);
                long swapped = Bin.uint32(d, 0, true);
                return isFamily(family) || linkType == NULL && isFamily(swapped) ? 4 : -1;
            }
            case RAW, IPV4, IPV6, 12, 14 -> {
                return 0; // 12 and 14: LINKTYPE_RAW as some systems number it
            }
            default -> {
                return -1;
            }
        }
    }

    private static boolean isIp(int etherType) {
        return etherType == 0x0800 || etherType == 0x86dd;
    }

    /** AF_INET everywhere, AF_INET6 as BSDs, Darwin and Linux number it. */
    private static boolean isFamily(long f) {
        return f == 2 || f == 24 || f == 28 || f == 30 || f == 10;
    }
}
