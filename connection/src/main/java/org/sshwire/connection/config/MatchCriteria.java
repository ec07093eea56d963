package org.sshwire.connection.config;

import java.util.List;
import java.util.Locale;

/**
 * A Match line's criteria (servconf.c {@code match_cfg_line}): all must hold. With no connection
 * (the first pass) only the syntax is checked and nothing but {@code All} matches; with a
 * connection whose attribute a criterion needs is missing, the criterion does not match, as in
 * {@code sshd -T -C} — except LocalPort, for which sshd refuses such a test.
 */
final class MatchCriteria {
    private MatchCriteria() {
    }

    /** 1 matches, 0 does not, -1 malformed (the reason is in the parser's errors). */
    static int evaluate(Argv.Cursor c, int line, SshdConfig.MatchContext ci, Parser p) {
        int result = 1;
        int attributes = 0;
        String attrib;
        while ((attrib = Argv.strdelim(c)) != null && !attrib.isEmpty()) {
            if (attrib.charAt(0) == '#') {
                c.done = true; // a comment ends the criteria
                break;
            }
            String arg = null;
            attributes++;
            if (attrib.equalsIgnoreCase("all")) {
                if (attributes > 1 || ((arg = Argv.strdelim(c)) != null && !arg.isEmpty() && arg.charAt(0) != '#')) {
                    p.errors.add("'all' cannot be combined with other Match attributes");
                    return -1;
                }
                if (arg != null && arg.startsWith("#")) {
                    c.done = true;
                }
                return 1;
            }
            if ((arg = Argv.strdelim(c)) == null || arg.isEmpty() || arg.charAt(0) == '#') {
                p.errors.add("Missing Match criteria for " + attrib);
                return -1;
            }
            switch (attrib.toLowerCase(Locale.ROOT)) {
                case "user" -> {
                    if (ci == null || ci.user() == null) {
                        result = 0;
                    } else if (Patterns.matchList(ci.user(), arg, false) != 1) {
                        result = 0;
                    }
                }
                case "group" -> {
                    if (ci == null || ci.user() == null || !groupMatches(ci, arg)) {
                        result = 0;
                    }
                }
                case "host" -> {
                    if (ci == null || ci.host() == null || Patterns.matchHostname(ci.host(), arg) != 1) {
                        result = 0;
                    }
                }
                case "address", "localaddress" -> {
                    boolean local = attrib.equalsIgnoreCase("localaddress");
                    String addr = ci == null ? null : local ? ci.localAddress() : ci.address();
                    if (addr == null) {
                        if (Patterns.addrMatchList(null, arg) != 0) {
                            throw p.fatal("Invalid Match " + (local ? "localaddress" : "address") + " argument '"
                                    + arg + "' at line " + line);
                        }
                        result = 0;
                        continue;
                    }
                    int r = Patterns.addrMatchList(addr, arg);
                    if (r == -2) {
                        return -1;
                    }
                    if (r != 1) {
                        result = 0;
                    }
                }
                case "localport" -> {
                    int port = Scalars.a2port(arg);
                    if (port == -1) {
                        p.errors.add("Invalid LocalPort '" + arg + "' on Match line");
                        return -1;
                    }
                    if (ci == null) {
                        result = 0;
                        continue;
                    }
                    if (ci.localPort() == 0) {
                        throw p.fatal("'Match LocalPort' in configuration but 'lport' not in connection test"
                                + " specification.");
                    }
                    if (port != ci.localPort()) {
                        result = 0;
                    }
                }
                case "rdomain" -> {
                    if (ci == null || ci.rdomain() == null || Patterns.matchList(ci.rdomain(), arg, false) != 1) {
                        result = 0;
                    }
                }
                default -> {
                    p.errors.add("Unsupported Match attribute " + attrib);
                    return -1;
                }
            }
        }
        if (attributes == 0) {
            p.errors.add("One or more attributes required for Match");
            return -1;
        }
        return result;
    }

    /**
     * {@code match_cfg_line_group}: the user's groups (none if the user does not exist) against
     * the pattern list; a negated match on any group refuses.
     */
    private static boolean groupMatches(SshdConfig.MatchContext ci, String patterns) {
        List<String> groups = ci.groups().apply(ci.user());
        if (groups == null || groups.isEmpty()) {
            return false;
        }
        boolean found = false;
        for (String g : groups) {
            int r = Patterns.matchList(g, patterns, false);
            if (r == -1) {
                return false;
            }
            if (r == 1) {
                found = true;
            }
        }
        return found;
    }
}
