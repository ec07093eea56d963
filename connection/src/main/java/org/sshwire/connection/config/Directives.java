package org.sshwire.connection.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sshwire.connection.config.Keyword.Handler;

/** The keywords whose arguments have a syntax of their own, each as servconf.c parses it. */
final class Directives {
    static final int MAX_PORTS = 256;
    static final int MAX_SUBSYSTEMS = 256;
    /** PerSourcePenalties' fields (OpenSSH 10.x), in its {@code -T} order. */
    static final String[] PENALTY_FIELDS = {"crash", "authfail", "noauth", "invaliduser", "grace-exceeded",
        "refuseconnection", "max", "min", "max-sources4", "max-sources6", "overflow", "overflow6"};

    private Directives() {
    }

    static void port(Line l) {
        List<Integer> ports = l.o.list("port");
        if (ports.size() >= MAX_PORTS) {
            throw l.fatal(l.at() + ": too many ports.");
        }
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": missing port number.");
        }
        int p = Scalars.a2port(a);
        if (p <= 0) {
            throw l.fatal(l.at() + ": Badly formatted port number.");
        }
        ports.add(p);
    }

    static void listenAddress(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": missing address");
        }
        String host;
        int port = 0;
        int colon = a.indexOf(':');
        if (a.indexOf('[') < 0 && colon >= 0 && a.indexOf(':', colon + 1) >= 0) {
            host = a; // a bare IPv6 address: no brackets and two or more ':'
        } else {
            String[] hp = HostSyntax.hpdelim(a);
            if (hp == null) {
                throw l.fatal(l.at() + ": bad address:port usage");
            }
            host = HostSyntax.cleanHostname(hp[0]);
            if (hp[1] != null && (port = Scalars.a2port(hp[1])) <= 0) {
                throw l.fatal(l.at() + ": bad port number");
            }
        }
        String rd = l.arg();
        if (rd != null) {
            if (!rd.equals("rdomain") || l.arg() == null) {
                throw l.fatal(l.at() + ": bad ListenAddress syntax");
            }
            // sshd on Linux has no routing domains: valid_rdomain() fails.
            throw l.fatal(l.at() + ": bad routing domain");
        }
        l.o.<Options.Listen>list("listenaddress").add(new Options.Listen(host, port, null));
    }

    static Handler fileList(String option) {
        return l -> {
            String a = l.arg();
            if (a == null || a.isEmpty()) {
                throw l.fatal(l.at() + ": missing file name.");
            }
            if (l.active) {
                l.o.<String>list(option).add(Handlers.derelativise(l, a));
            }
        };
    }

    /** AllowUsers/DenyUsers (user@host patterns) and AllowGroups/DenyGroups: they append, whatever came first. */
    static Handler allowDeny(String option, boolean users) {
        return l -> {
            boolean found = false;
            for (String a = l.arg(); a != null; a = l.arg()) {
                if (a.isEmpty()) {
                    throw l.fatal(l.at() + ": " + (users ? "invalid " + l.keyword + " pattern: \"\"" : "empty "
                            + l.keyword + " pattern"));
                }
                int at = a.indexOf('@');
                if (users && at >= 0 && Patterns.addrMatchList(null, a.substring(at + 1)) == -2) {
                    throw l.fatal(l.at() + ": invalid " + l.keyword + " pattern: \"" + a + "\"");
                }
                found = true;
                if (l.active) {
                    l.o.<String>list(option).add(a);
                }
            }
            if (!found) {
                throw l.fatal(l.at() + ": no " + l.keyword + " specified");
            }
        };
    }

    static void acceptEnv(Line l) {
        boolean found = false;
        for (String a = l.arg(); a != null; a = l.arg()) {
            if (a.isEmpty() || a.indexOf('=') >= 0) {
                throw l.fatal(l.at() + ": Invalid environment name.");
            }
            found = true;
            if (l.active) {
                l.o.<String>list("acceptenv").add(a);
            }
        }
        if (!found) {
            throw l.fatal(l.at() + ": no " + l.keyword + " specified");
        }
    }

    static void setEnv(Line l) {
        List<String> strs = new ArrayList<>();
        for (String a = l.arg(); a != null; a = l.arg()) {
            if (a.isEmpty() || a.indexOf('=') < 0) {
                throw l.fatal(l.at() + ": Invalid environment.");
            }
            String name = a.substring(0, a.indexOf('='));
            if (strs.stream().anyMatch(s -> s.substring(0, s.indexOf('=')).equals(name))) {
                continue; // sshd: "ignoring duplicate env name"
            }
            strs.add(a);
        }
        if (strs.isEmpty()) {
            throw l.fatal(l.at() + ": no " + l.keyword + " specified");
        }
        l.o.first(l, "setenv", strs);
    }

    static void authorizedKeysFile(Line l) {
        List<String> strs = new ArrayList<>();
        for (String a = l.arg(); a != null; a = l.arg()) {
            if (a.isEmpty()) {
                throw l.bad(l.at() + ": keyword " + l.keyword + " empty argument");
            }
            strs.add(Handlers.tildeExpand(l, a));
        }
        if (strs.isEmpty()) {
            throw l.fatal(l.at() + ": no " + l.keyword + " specified");
        }
        l.o.first(l, "authorizedkeysfile", strs);
    }

    static void authorizedPrincipalsFile(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        l.o.first(l, "authorizedprincipalsfile", Handlers.tildeExpand(l, a));
    }

    /** PermitOpen host:port / PermitListen [host:]port lists; "any" or "none" alone. */
    static Handler permitOpen(String option, boolean listen) {
        return l -> {
            List<String> strs = new ArrayList<>();
            for (String a = l.arg(); a != null; a = l.arg()) {
                if (a.equals("any") || a.equals("none")) {
                    if (!strs.isEmpty()) {
                        throw l.fatal(l.at() + ": " + a + " must appear alone on a " + l.keyword + " line.");
                    }
                    strs.add(a);
                    continue;
                }
                String port;
                String stored = a;
                if (listen && a.indexOf(':') < 0) {
                    stored = "*:" + a; // a bare port for PermitListen means any listen host
                    port = a;
                } else {
                    String[] hp = HostSyntax.hpdelim(a);
                    if (hp == null) {
                        throw l.fatal(l.at() + ": " + l.keyword + " missing host");
                    }
                    port = hp[1];
                }
                if (port == null || !(port.equals("*") || Scalars.a2port(port) > 0)) {
                    throw l.fatal(l.at() + ": " + l.keyword + " bad port number");
                }
                strs.add(stored);
            }
            if (strs.isEmpty()) {
                throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
            }
            l.o.first(l, option, strs);
        };
    }

    /** ForceCommand takes the rest of the line as written: quotes and '#' included. */
    static void forceCommand(Line l) {
        if (l.str == null || l.str.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        l.o.first(l, "forcecommand", skipWhitespace(l.str));
        l.consumeAll();
    }

    static String skipWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Argv.WHITESPACE.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    static void chrootDirectory(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        l.o.first(l, "chrootdirectory", a);
    }

    static void versionAddendum(Line l) {
        if (l.str == null || l.str.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        String v = skipWhitespace(l.str);
        if (v.indexOf('\r') >= 0) {
            throw l.fatal(l.at() + ": Invalid " + l.keyword + " argument");
        }
        // sshd 9.2 keeps a '#' and what follows (later versions cut a comment off).
        l.o.first(l, "versionaddendum", v.equalsIgnoreCase("none") ? "" : v);
        l.consumeAll();
    }

    static void subsystem(Line l) {
        Map<String, Options.Subsystem> subs = l.o.subsystems();
        if (subs.size() >= MAX_SUBSYSTEMS) {
            throw l.fatal(l.at() + ": too many subsystems defined.");
        }
        String name = l.arg();
        if (name == null || name.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        if (!l.active) {
            l.arg();
            return;
        }
        if (subs.containsKey(name)) {
            throw l.fatal(l.at() + ": Subsystem '" + name + "' already defined.");
        }
        String cmd = l.arg();
        if (cmd == null || cmd.isEmpty()) {
            throw l.fatal(l.at() + ": Missing subsystem command.");
        }
        StringBuilder line = new StringBuilder(cmd);
        for (String a = l.arg(); a != null; a = l.arg()) {
            line.append(' ').append(a);
        }
        subs.put(name, new Options.Subsystem(name, cmd, line.toString()));
    }

    /** MaxStartups start:rate:full or a single number; sshd overwrites it every time (last one wins). */
    static void maxStartups(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        long[] v = scanInts(a, 3);
        int n = (int) v[3];
        int begin = (int) v[0];
        int rate = (int) v[1];
        int full = (int) v[2];
        if (n == 3) {
            if (begin > full || rate > 100 || rate < 1) {
                throw l.fatal(l.at() + ": Invalid " + l.keyword + " spec.");
            }
        } else if (n != 1) {
            throw l.fatal(l.at() + ": Invalid " + l.keyword + " spec.");
        } else {
            Object old = l.o.get("maxstartups");
            rate = old instanceof int[] o ? o[1] : -1;
            full = begin;
        }
        if (full <= 0 || begin <= 0) {
            throw l.fatal(l.at() + ": Invalid " + l.keyword + " spec.");
        }
        l.o.set("maxstartups", new int[] {begin, rate, full});
    }

    /** C {@code sscanf(s, "%d:%d:...")}: up to {@code count} ints separated by ':'; [3] is how many were read. */
    static long[] scanInts(String s, int count) {
        long[] out = new long[count + 1];
        int i = 0;
        int n = 0;
        while (n < count) {
            while (i < s.length() && Scalars.isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digits = i;
            long v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = Math.min(v * 10 + (s.charAt(i) - '0'), Integer.MAX_VALUE + 1L);
                i++;
            }
            if (i == digits) {
                break;
            }
            out[n++] = s.charAt(start) == '-' ? -v : Math.min(v, Integer.MAX_VALUE);
            if (n == count || i >= s.length() || s.charAt(i) != ':') {
                break;
            }
            i++;
        }
        out[count] = n == 0 && s.isEmpty() ? -1 : n;
        return out;
    }

    static void perSourceNetBlockSize(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        long[] v = scanInts(a, 2);
        int n = (int) v[2];
        if (n == 2 && (v[1] < 0 || v[1] > 128)) {
            n = -1;
        }
        if ((n == 1 || n == 2) && (v[0] < 0 || v[0] > 32)) {
            n = -1;
        }
        if (n != 1 && n != 2) {
            throw l.fatal(l.at() + ": Invalid " + l.keyword + " spec.");
        }
        if (l.active) {
            // Last one wins; with one number sshd 9.2 sets the IPv6 length to 0 ("24" prints as 24:0).
            l.o.set("persourcenetblocksize", new int[] {(int) v[0], n == 2 ? (int) v[1] : 0});
        }
    }

    static void perSourceMaxStartups(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        int v = a.equals("none") ? Integer.MAX_VALUE : Handlers.intArg(l, a);
        l.o.first(l, "persourcemaxstartups", v);
    }

    /** RekeyLimit bytes [time|none]: both halves first-wins, separately. */
    static void rekeyLimit(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        long bytes = 0;
        if (!a.equals("default")) {
            Scalars.Num n = Scalars.scanScaled(a);
            if (!n.ok()) {
                throw l.fatal(l.at() + ": Bad " + l.keyword + " number '" + a + "': " + n.error());
            }
            if (n.value() != 0 && n.value() < 16) {
                throw l.fatal(l.at() + ": " + l.keyword + " too small");
            }
            bytes = n.value();
        }
        l.o.first(l, "rekeylimit", bytes);
        if (l.remaining() > 0) {
            if (l.peek().equals("none")) {
                l.arg();
                return;
            }
            l.o.first(l, "rekeyinterval", Handlers.timeArg(l, l.arg()));
        }
    }

    static void permitUserEnvironment(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        l.o.first(l, "permituserenvironment", a); // "yes", "no", or a pattern-list of names
    }

    /** AuthenticationMethods: "any", or lists of methods each comma-joined (all of a list must succeed). */
    static void authenticationMethods(Line l) {
        List<String> strs = new ArrayList<>();
        boolean any = false;
        for (String a = l.arg(); a != null; a = l.arg()) {
            if (a.equals("any")) {
                if (!strs.isEmpty()) {
                    throw l.fatal(l.at() + ": \"any\" must appear alone in " + l.keyword);
                }
                any = true;
            } else if (any) {
                throw l.fatal(l.at() + ": \"any\" must appear alone in " + l.keyword);
            } else if (!methodsValid(a)) {
                throw l.fatal(l.at() + ": invalid " + l.keyword + " method list.");
            }
            strs.add(a);
        }
        if (strs.isEmpty()) {
            throw l.fatal(l.at() + ": no " + l.keyword + " specified");
        }
        l.o.first(l, "authenticationmethods", strs);
    }

    /** auth2.c {@code auth2_methods_valid}: every method known, keyboard-interactive may name a device. */
    static boolean methodsValid(String list) {
        if (list.isEmpty()) {
            return false;
        }
        for (String m : list.split(",", -1)) {
            String base = m.indexOf(':') >= 0 ? m.substring(0, m.indexOf(':')) : m;
            if (!List.of("publickey", "password", "keyboard-interactive", "hostbased", "gssapi-with-mic", "none")
                    .contains(base)) {
                return false;
            }
        }
        return true;
    }

    static void streamLocalBindMask(Line l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": " + l.keyword + " missing argument.");
        }
        // strtol(arg, &p, 8): leading space and sign allowed, trailing text ignored.
        String s = a.strip();
        boolean neg = s.startsWith("-");
        if (neg || s.startsWith("+")) {
            s = s.substring(1);
        }
        int i = 0;
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7' && v <= 0777) {
            v = v * 8 + (s.charAt(i) - '0');
            i++;
        }
        if (i == 0 || (neg && v != 0) || v > 0777) {
            throw l.fatal(l.at() + ": Invalid " + l.keyword + ".");
        }
        if (l.active) {
            l.o.set("streamlocalbindmask", (int) v);
        }
    }

    static void channelTimeout(Line l) {
        List<String> strs = new ArrayList<>();
        for (String a = l.arg(); a != null; a = l.arg()) {
            if (a.equalsIgnoreCase("none")) {
                if (!strs.isEmpty() || l.remaining() > 0) {
                    throw l.bad(l.at() + ": keyword " + l.keyword + " \"none\" argument must appear alone.");
                }
            } else if (!Scalars.patternInterval(a)) {
                throw l.fatal(l.at() + ": invalid channel timeout " + a);
            }
            strs.add(a);
        }
        if (strs.isEmpty()) {
            throw l.fatal(l.at() + ": no " + l.keyword + " specified");
        }
        l.o.first(l, "channeltimeout", strs);
    }

    static void unusedConnectionTimeout(Line l) {
        if (l.peek() != null && l.peek().equalsIgnoreCase("none")) {
            l.arg();
            l.o.first(l, "unusedconnectiontimeout", 0);
            return;
        }
        l.o.first(l, "unusedconnectiontimeout", Handlers.timeArg(l, l.arg()));
    }

    static void logLevel(Line l) {
        String a = l.arg();
        String v = a == null ? null : Handlers.lookup(Handlers.LOG_LEVELS, a);
        if (v == null) {
            throw l.fatal(l.at() + ": unsupported log level '" + (a == null ? "<NONE>" : a) + "'");
        }
        l.o.first(l, "loglevel", v);
    }

    /** PerSourcePenalties (OpenSSH 9.8, fields of 10.x): yes/no alone, or field:value words; each field first-wins. */
    static void perSourcePenalties(Line l) {
        boolean found = false;
        for (String a = l.arg(); a != null; a = l.arg()) {
            found = true;
            if (a.equalsIgnoreCase("no") || a.equalsIgnoreCase("yes")) {
                if (l.remaining() > 0) {
                    throw l.fatal(l.at() + ": keyword " + l.keyword + " \"" + a + "\" argument must appear alone.");
                }
                l.o.first(l, "persourcepenalties", a.equalsIgnoreCase("yes"));
                continue;
            }
            int colon = a.indexOf(':');
            String field = colon < 0 ? a : a.substring(0, colon);
            if (colon < 0 || !List.of(PENALTY_FIELDS).contains(field)) {
                throw l.fatal(l.at() + ": unsupported " + l.keyword + " keyword " + a);
            }
            String v = a.substring(colon + 1);
            Object value;
            if (field.startsWith("max-sources")) {
                Scalars.Num n = Scalars.atoiErr(v);
                if (!n.ok()) {
                    throw l.fatal(l.at() + ": " + l.keyword + " value " + n.error() + ".");
                }
                value = (int) n.value();
            } else if (field.startsWith("overflow")) {
                if (!v.equals("deny-all") && !v.equals("permissive")) {
                    throw l.fatal(l.at() + ": " + l.keyword + " unsupported " + field + " value " + v + ".");
                }
                value = v;
            } else {
                int t = Scalars.convtime(v);
                if (t == -1) {
                    throw l.fatal(l.at() + ": invalid " + l.keyword + " time value.");
                }
                value = t;
            }
            if (l.active && !l.o.has("persourcepenalties." + field)) {
                l.o.set("persourcepenalties." + field, value);
                l.o.values.putIfAbsent("persourcepenalties", Boolean.TRUE); // any field enables penalties
            }
        }
        if (!found) {
            throw l.fatal(l.at() + ": no " + l.keyword + " specified");
        }
    }
}
