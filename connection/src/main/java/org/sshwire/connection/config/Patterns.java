package org.sshwire.connection.config;

import java.util.Locale;
import org.sshwire.auth.internal.Wildcards;

/**
 * OpenSSH's pattern lists (match.c {@code match_pattern_list}) and address lists (addrmatch.c
 * {@code addr_match_list}) as Match uses them: comma-separated wildcards, each optionally
 * negated with '!', a negated match winning outright; addresses may be CIDR blocks.
 */
final class Patterns {
    private static final int MAX_SUB = 1024;

    private Patterns() {
    }

    /** {@code match_pattern_list}: 1 positive match, 0 none, -1 a negated pattern matched. */
    static int matchList(String string, String list, boolean lower) {
        boolean positive = false;
        int i = 0;
        // As match.c, the loop runs while characters remain: a trailing ',' adds no empty pattern.
        while (i < list.length()) {
            boolean negated = false;
            if (list.charAt(i) == '!') {
                negated = true;
                i++;
            }
            int end = list.indexOf(',', i);
            if (end < 0) {
                end = list.length();
            }
            if (end - i >= MAX_SUB) {
                return 0; // sshd: a sub-pattern too long never matches
            }
            String sub = list.substring(i, end);
            if (lower) {
                sub = sub.toLowerCase(Locale.ROOT);
            }
            if (Wildcards.match(string, sub)) {
                if (negated) {
                    return -1;
                }
                positive = true;
            }
            i = end + 1;
        }
        return positive ? 1 : 0;
    }

    /** {@code match_hostname}: the host lowercased, the patterns lowercased. */
    static int matchHostname(String host, String list) {
        return matchList(host.toLowerCase(Locale.ROOT), list, true);
    }

    /**
     * {@code addr_match_list}: 1 matched, 0 not, -1 matched a negated entry, -2 the list is
     * malformed (an empty entry, or a CIDR block whose mask is too long or has host bits set).
     * With a null address only the list's syntax is checked.
     */
    static int addrMatchList(String addr, String list) {
        byte[] tryAddr = null;
        if (addr != null) {
            tryAddr = Cidr.parseAddress(addr);
            if (tryAddr == null) {
                return 0;
            }
        }
        int ret = 0;
        for (String entry : list.split(",", -1)) {
            boolean neg = entry.startsWith("!");
            String cp = neg ? entry.substring(1) : entry;
            if (cp.isEmpty()) {
                return -2;
            }
            Cidr c = Cidr.parse(cp);
            boolean found;
            if (c == Cidr.INCONSISTENT) {
                return -2;
            } else if (c != null) {
                found = tryAddr != null && c.contains(tryAddr);
            } else {
                found = addr != null && Wildcards.match(addr, cp);
            }
            if (found) {
                if (neg) {
                    return -1;
                }
                ret = 1;
            }
        }
        return ret;
    }
}
