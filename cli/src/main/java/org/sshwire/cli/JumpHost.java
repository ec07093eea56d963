package org.sshwire.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * One hop of {@code ssh -J} / ProxyJump: {@code [user@]host[:port]} or
 * {@code ssh://[user@]host[:port]}, as ssh's readconf.c parse_jump reads them (misc.c
 * parse_user_host_port and parse_ssh_uri): the user ends at the last '@', an IPv6 address is
 * bracketed, the port is 1–65535. A null user or port means "the default" (the local user, 22),
 * not the target's {@code -l} / {@code -p}, as for ssh's hops.
 *
 * <pre>{@code
 * List<JumpHost> hops = JumpHost.parseList("alice@bastion:2222,ssh://bob@[::1]:22");
 * }</pre>
 */
record JumpHost(String user, String host, Integer port) {
    /** The longest -J list taken; ssh has no limit, but every hop is a connection. */
    static final int MAX_HOPS = 32;

    /** A comma-separated list, first hop first; "none" (ssh's ProxyJump none) is no hops. */
    static List<JumpHost> parseList(String spec) {
        if (spec.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<JumpHost> hops = new ArrayList<>();
        for (String one : spec.split(",", -1)) {
            if (hops.size() == MAX_HOPS) {
                throw invalid(spec, "more than " + MAX_HOPS + " hops");
            }
            hops.add(parse(one));
        }
        return List.copyOf(hops);
    }

    static JumpHost parse(String s) {
        String rest = s;
        boolean uri = s.regionMatches(true, 0, "ssh://", 0, 6);
        if (uri) {
            rest = s.substring(6);
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1); // parse_uri: an empty path only
            }
            if (rest.contains("/")) {
                throw invalid(s, "an ssh:// URI takes no path");
            }
        }
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (user.isEmpty()) {
                throw invalid(s, "empty user name");
            }
        }
        String host;
        Integer port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(s, "unclosed '['");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(s, "junk after ']'");
                }
                port = port(s, after.substring(1));
            }
        } else {
            int colon = rest.indexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            if (colon >= 0) {
                port = port(s, rest.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw invalid(s, "empty host name");
        }
        for (char c : (host + (user == null ? "" : user)).toCharArray()) {
            // A name with control characters or spaces is no host or user ssh would reach (misc.c valid_domain).
            if (c < 0x20 || c == 0x7f || c == ' ') {
                throw invalid(s, "bad character in user or host name");
            }
        }
        return new JumpHost(user, host, port);
    }

    private static int port(String s, String p) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 1 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw invalid(s, "bad port '" + p + "'");
    }

    private static UserErrors.ExitException invalid(String s, String why) {
        return new UserErrors.ExitException("invalid -J argument '" + s + "': " + why, 255);
    }

    String userOrDefault() {
        return user != null ? user : System.getProperty("user.name");
    }

    int portOrDefault() {
        return port != null ? port : 22;
    }
}
