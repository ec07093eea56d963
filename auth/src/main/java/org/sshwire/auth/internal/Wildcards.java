package org.sshwire.auth.internal;

/**
 * OpenSSH's wildcard patterns ({@code match_pattern} in match.c), used by known_hosts, AcceptEnv
 * and sshd_config: {@code *} matches any run of characters, {@code ?} exactly one; everything
 * else matches itself, case-sensitively.
 *
 * <pre>{@code
 * Wildcards.match("LC_TIME", "LC_*");   // true
 * }</pre>
 */
public final class Wildcards {
    private Wildcards() {
    }

    /**
     * Whether {@code s} matches {@code pattern}. Greedy with one backtrack point, so the cost is
     * at most the product of the lengths, whatever the pattern (no exponential backtracking).
     */
    public static boolean match(String s, String pattern) {
        int si = 0;
        int pi = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            // A star first: a '*' in the pattern is always a wildcard, even where the subject
            // holds a '*' too (match.c tests for '*' before comparing characters).
            if (pi < pattern.length() && pattern.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (pi < pattern.length() && (pattern.charAt(pi) == '?' || pattern.charAt(pi) == s.charAt(si))) {
                si++;
                pi++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pattern.length() && pattern.charAt(pi) == '*') {
            pi++;
        }
        return pi == pattern.length();
    }
}
