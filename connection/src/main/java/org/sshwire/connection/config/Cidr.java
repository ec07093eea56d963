package org.sshwire.connection.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A numeric address with a mask length, as addrmatch.c's {@code addr_pton_cidr}: the mask must
 * fit the family and the address must have no bits set beyond it ({@code 192.0.2.0/33} and
 * {@code 192.0.2.1/24} are errors, not non-matches).
 */
final class Cidr {
    /** The marker for sshd's -2: a block with an inconsistent mask. */
    static final Cidr INCONSISTENT = new Cidr(new byte[0], 0);

    final byte[] net;
    final int bits;

    private Cidr(byte[] net, int bits) {
        this.net = net;
        this.bits = bits;
    }

    /** The block, {@link #INCONSISTENT}, or null when {@code s} is not a numeric address (then it is a wildcard). */
    static Cidr parse(String s) {
        if (s.length() >= 64) {
            return null;
        }
        String a = s;
        int bits = -1;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            a = s.substring(0, slash);
            String m = s.substring(slash + 1);
            if (m.isEmpty() || m.charAt(0) < '0' || m.charAt(0) > '9') {
                return null;
            }
            for (int i = 0; i < m.length(); i++) {
                if (m.charAt(i) < '0' || m.charAt(i) > '9') {
                    return null;
                }
            }
            if (m.length() > 4 || Integer.parseInt(m) > 128) {
                return null;
            }
            bits = Integer.parseInt(m);
        }
        byte[] addr = parseAddress(a);
        if (addr == null) {
            return null;
        }
        if (bits < 0) {
            bits = addr.length * 8;
        }
        if (bits > addr.length * 8) {
            return INCONSISTENT;
        }
        for (int i = bits; i < addr.length * 8; i++) {
            if ((addr[i / 8] & (0x80 >>> (i % 8))) != 0) {
                return INCONSISTENT;
            }
        }
        return new Cidr(addr, bits);
    }

    boolean contains(byte[] addr) {
        if (addr.length != net.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int m = 0x80 >>> (i % 8);
            if ((addr[i / 8] & m) != (net[i / 8] & m)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A numeric IPv4 (dotted quad) or IPv6 address (a {@code %scope} suffix allowed, as
     * getaddrinfo with AI_NUMERICHOST), or null; never a DNS lookup.
     */
    static byte[] parseAddress(String s) {
        if (s.isEmpty() || s.length() > 63) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                String p = parts[i];
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                int v = Integer.parseInt(p);
                if (v > 255) {
                    return null;
                }
                out[i] = (byte) v;
            }
            return out;
        }
        String a = s;
        int pct = a.indexOf('%');
        if (pct >= 0) {
            a = a.substring(0, pct);
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return null;
            }
        }
        try {
            // Only hex, ':' and '.' reach here, so this is a literal parse, never a lookup.
            byte[] b = InetAddress.getByName("[" + a + "]").getAddress();
            if (b.length == 4) {
                // Java folds ::ffff:a.b.c.d to IPv4; sshd keeps it IPv6.
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(b, 0, v6, 12, 4);
                return v6;
            }
            return b;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** An address as getnameinfo(NI_NUMERICHOST) prints it: dotted quad, or RFC 5952 IPv6. */
    static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        boolean mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff;
        if (mapped) {
            return "::ffff:" + (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }
}
