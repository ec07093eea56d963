package org.sshwire.connection.config;

import java.util.HashMap;
import java.util.Map;

/**
 * readconf.c's {@code match_cfg_line}: the criteria of a Match line (all, canonical, final, host,
 * originalhost, user, localuser, exec), each optionally negated with '!', all of which must hold.
 * The host matched is HostName (with %h expanded) once set, else the destination; the user is
 * User once set, else the local user. An exec command runs only while the criteria before it
 * hold.
 */
final class ClientMatch {
    private ClientMatch() {
    }

    /** 1 the line matches, 0 it does not, -1 it is malformed (the error recorded on the parser). */
    static int evaluate(ClientLine l, Argv.Cursor cp) {
        ClientParser p = l.parser;
        ClientOptions o = l.o;
        ClientContext ctx = p.ctx;
        boolean finalPass = (l.flags & ClientParser.FINAL) != 0;
        int port = o.intOr(ClientKeyword.PORT, 22);
        String ruser = o.strings.getOrDefault(ClientKeyword.USER, ctx.localUser());
        String hostname = o.strings.get(ClientKeyword.HOSTNAME);
        String host;
        if (finalPass) {
            host = hostname;
        } else if (hostname != null) {
            host = expand(l, hostname, Map.of('h', p.host));
        } else {
            host = p.host;
        }
        int result = 1;
        int attributes = 0;
        String attrib;
        while ((attrib = Argv.strdelim(cp)) != null && !attrib.isEmpty()) {
            if (attrib.startsWith("#")) {
                cp.done = true;
                break;
            }
            String oattrib = attrib;
            boolean negate = attrib.startsWith("!");
            if (negate) {
                attrib = attrib.substring(1);
            }
            if (attrib.equalsIgnoreCase("all")) {
                String arg = null;
                if (attributes > 1 || ((arg = Argv.strdelim(cp)) != null && !arg.isEmpty() && !arg.startsWith("#"))) {
                    p.errors().add(l.file + " line " + l.num + ": '" + oattrib
                            + "' cannot be combined with other Match attributes");
                    return -1;
                }
                if (arg != null && arg.startsWith("#")) {
                    cp.done = true;
                }
                if (result != 0) {
                    result = negate ? 0 : 1;
                }
                return result;
            }
            attributes++;
            if (attrib.equalsIgnoreCase("canonical") || attrib.equalsIgnoreCase("final")) {
                if (attrib.equalsIgnoreCase("final")) {
                    p.wantFinalPass = true;
                }
                if (finalPass == negate) {
                    result = 0;
                }
                continue;
            }
            String arg = Argv.strdelim(cp);
            if (arg == null || arg.isEmpty() || arg.startsWith("#")) {
                p.errors().add("Missing Match criteria for " + attrib);
                return -1;
            }
            boolean r;
            if (attrib.equalsIgnoreCase("host")) {
                r = Patterns.matchHostname(host, arg) == 1;
            } else if (attrib.equalsIgnoreCase("originalhost")) {
                r = Patterns.matchHostname(p.originalHost, arg) == 1;
            } else if (attrib.equalsIgnoreCase("user")) {
                r = Patterns.matchList(ruser, arg, false) == 1;
            } else if (attrib.equalsIgnoreCase("localuser")) {
                r = Patterns.matchList(ctx.localUser(), arg, false) == 1;
            } else if (attrib.equalsIgnoreCase("exec")) {
                String portStr = Integer.toString(port);
                String jump = ClientOptions.clearOrNone(o.jumpHost) ? "" : o.jumpHost;
                Map<Character, String> keys = new HashMap<>();
                keys.put('C', Tokens.connectionHash(ctx.thisHost(), host, portStr, ruser, jump));
                keys.put('L', ctx.shortHost());
                keys.put('d', ctx.home());
                keys.put('h', host);
                keys.put('k', o.strings.getOrDefault(ClientKeyword.HOST_KEY_ALIAS, host));
                keys.put('l', ctx.thisHost());
                keys.put('n', p.originalHost);
                keys.put('p', portStr);
                keys.put('r', ruser);
                keys.put('u', ctx.localUser());
                keys.put('i', Long.toString(ctx.uid()));
                keys.put('j', jump);
                String cmd = expand(l, arg, keys);
                if (result != 1) {
                    continue; // ssh skips the command once an earlier criterion failed
                }
                int status = ctx.exec().applyAsInt(cmd);
                if (status == -1) {
                    throw l.fatal(l.file + " line " + l.num + ": match exec '" + cmd + "' error");
                }
                r = status == 0;
            } else {
                p.errors().add("Unsupported Match attribute " + attrib);
                return -1;
            }
            if (r == negate) {
                result = 0;
            }
        }
        if (attributes == 0) {
            p.errors().add("One or more attributes required for Match");
            return -1;
        }
        return result;
    }

    private static String expand(ClientLine l, String s, Map<Character, String> keys) {
        try {
            return Tokens.percentExpand(s, keys);
        } catch (Tokens.ExpansionException e) {
            throw l.fatal(e.getMessage());
        }
    }
}
