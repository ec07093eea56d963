package org.sshwire.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.sshwire.auth.internal.Wildcards;

/**
 * Client-address checks for authorized_keys {@code from=} (sshd(8): wildcard patterns or CIDR,
 * {@code !} negates) and the certificate critical option {@code source-address}
 * (PROTOCOL.certkeys: comma-separated CIDR). Host names are not resolved: a pattern is matched
 * against the address's text, as sshd does with UseDNS off.
 */
final class AddressPatterns {
    private AddressPatterns() {
    }

    /** sshd's match_host_and_ip: a negated match denies, otherwise any positive match allows. */
    static boolean fromAllows(List<String> patterns, InetAddress client) {
        if (patterns.isEmpty()) {
            return true;
        }
        if (client == null) {
            return false; // fail closed: a restricted key needs a known source
        }
        boolean allowed = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String pat = negated ? p.substring(1) : p;
            if (matches(pat, client)) {
                if (negated) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** source-address: the client must be inside one of the comma-separated CIDR blocks. */
    static boolean sourceAddressAllows(String list, InetAddress client) {
        if (client == null) {
            return false;
        }
        for (String p : list.split(",")) {
            if (!p.isBlank() && cidr(p.trim(), client)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, InetAddress client) {
        if (pattern.contains("/")) {
            return cidr(pattern, client);
        }
        return glob(client.getHostAddress(), pattern);
    }

    static boolean cidr(String block, InetAddress client) {
        int slash = block.indexOf('/');
        String addr = slash < 0 ? block : block.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            return false; // never resolve names here
        }
        try {
            byte[] net = InetAddress.getByName(addr).getAddress();
            byte[] c = client.getAddress();
            if (net.length != c.length) {
                return false;
            }
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(block.substring(slash + 1));
            if (bits < 0 || bits > net.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((net[i / 8] & mask) != (c[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** {@code *} and {@code ?} wildcards, case-insensitive (sshd match_pattern). */
    static boolean glob(String s, String p) {
        return Wildcards.match(s.toLowerCase(java.util.Locale.ROOT), p.toLowerCase(java.util.Locale.ROOT));
    }
}
