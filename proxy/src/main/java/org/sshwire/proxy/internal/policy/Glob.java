package org.sshwire.proxy.internal.policy;

import java.util.Locale;

/** OpenSSH's wildcard patterns ({@code match.c match_pattern}): {@code *} any run of characters, {@code ?} one. */
public final class Glob {
    private Glob() {
    }

    /** Whether {@code pattern} matches all of {@code s}, case-sensitively. */
    public static boolean matches(String pattern, String s) {
        // Iterative with one backtrack point: linear in practice, never exponential.
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Host names compare without regard to case, as OpenSSH's {@code match_hostname} does. */
    public static boolean matchesHost(String pattern, String host) {
        return matches(pattern.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT));
    }
}
