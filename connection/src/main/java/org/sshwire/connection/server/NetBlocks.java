package org.sshwire.connection.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Source addresses grouped as sshd's PerSourceNetBlockSize groups them (srclimit.c
 * srclimit_mask_addr: the first {@code bits} of the address; default 32 for IPv4, 128 for IPv6,
 * each address on its own), and CIDR lists such as PerSourcePenaltyExemptList.
 */
final class NetBlocks {
    private final int v4Bits;
    private final int v6Bits;

    NetBlocks(int v4Bits, int v6Bits) {
        if (v4Bits < 0 || v4Bits > 32 || v6Bits < 0 || v6Bits > 128) {
            throw new IllegalArgumentException("PerSourceNetBlockSize wants 0..32 and 0..128: " + v4Bits + ":" + v6Bits);
        }
        this.v4Bits = v4Bits;
        this.v6Bits = v6Bits;
    }

    /** The block {@code a} belongs to, as a map key ("4/" or "6/" and the masked address in hex). */
    String key(InetAddress a) {
        byte[] b = a.getAddress();
        mask(b, b.length == 4 ? v4Bits : v6Bits);
        return (b.length == 4 ? "4/" : "6/") + HexFormat.of().formatHex(b);
    }

    boolean isV4(String key) {
        return key.startsWith("4/");
    }

    static void mask(byte[] b, int bits) {
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            b[i] &= (byte) (0xff00 >> keep);
        }
    }

    /** One {@code address[/bits]} of a CIDR list. */
    record Cidr(byte[] network, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            mask(b, bits);
            return java.util.Arrays.equals(b, network);
        }
    }

    /**
     * A comma-separated list of addresses or CIDR blocks (numeric only, as sshd's
     * addr_match_cidr_list); null or "none" is the empty list.
     *
     * @throws IllegalArgumentException for an entry that is not one
     */
    static List<Cidr> parseList(String list) {
        List<Cidr> out = new ArrayList<>();
        if (list == null || list.isBlank() || list.strip().equalsIgnoreCase("none")) {
            return out;
        }
        for (String entry : list.split(",")) {
            String e = entry.strip();
            int slash = e.indexOf('/');
            String host = slash < 0 ? e : e.substring(0, slash);
            if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                throw new IllegalArgumentException("not an address or CIDR block: " + e);
            }
            byte[] net;
            try {
                net = InetAddress.getByName(host).getAddress(); // numeric: no name lookup
            } catch (UnknownHostException ex) {
                throw new IllegalArgumentException("not an address or CIDR block: " + e, ex);
            }
            int bits;
            try {
                bits = slash < 0 ? net.length * 8 : Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("not an address or CIDR block: " + e, ex);
            }
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + e);
            }
            mask(net, bits);
            out.add(new Cidr(net, bits));
        }
        return out;
    }
}
