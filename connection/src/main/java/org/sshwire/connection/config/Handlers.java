package org.sshwire.connection.config;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sshwire.connection.config.Keyword.Handler;

/**
 * The argument parsers shared by many keywords (servconf.c's {@code parse_flag},
 * {@code parse_multistate}, {@code parse_int}, {@code parse_time}, {@code parse_filename}),
 * with sshd's messages.
 */
final class Handlers {
    private static final System.Logger LOG = System.getLogger(Handlers.class.getName());

    static final String[][] YES_NO = {{"yes", "yes"}, {"no", "no"}};
    static final String[][] PERMIT_ROOT_LOGIN = {{"without-password", "without-password"},
        {"prohibit-password", "without-password"}, {"forced-commands-only", "forced-commands-only"},
        {"yes", "yes"}, {"no", "no"}};
    static final String[][] ADDRESS_FAMILY = {{"inet", "inet"}, {"inet6", "inet6"}, {"any", "any"}};
    static final String[][] COMPRESSION = {{"yes", "yes"}, {"delayed", "yes"}, {"no", "no"}};
    static final String[][] GATEWAY_PORTS = {{"clientspecified", "clientspecified"}, {"yes", "yes"}, {"no", "no"}};
    static final String[][] FORWARDING = {{"yes", "yes"}, {"all", "yes"}, {"no", "no"}, {"remote", "remote"},
        {"local", "local"}};
    static final String[][] IGNORE_RHOSTS = {{"yes", "yes"}, {"no", "no"}, {"shosts-only", "shosts-only"}};
    static final String[][] PERMIT_TUNNEL = {{"no", "no"}, {"point-to-point", "point-to-point"},
        {"ethernet", "ethernet"}, {"yes", "yes"}};
    /**
     * log.c's {@code log_levels}: QUIET and SILENT are one level, printed SILENT by sshd 9.2;
     * DEBUG and DEBUG1 are one, printed DEBUG.
     */
    static final String[][] LOG_LEVELS = {{"SILENT", "SILENT"}, {"QUIET", "SILENT"}, {"FATAL", "FATAL"}, {"ERROR", "ERROR"},
        {"INFO", "INFO"}, {"VERBOSE", "VERBOSE"}, {"DEBUG", "DEBUG"}, {"DEBUG1", "DEBUG"}, {"DEBUG2", "DEBUG2"},
        {"DEBUG3", "DEBUG3"}};

    private Handlers() {
    }

    static Handler flag(String option) {
        return multistate(option, YES_NO);
    }

    /** {@code parse_multistate}: one word from the table (any case); stores the word sshd prints for it. */
    static Handler multistate(String option, String[][] table) {
        return l -> {
            String a = l.arg();
            if (a == null || a.isEmpty()) {
                throw l.fatal(l.at() + ": missing argument.");
            }
            String v = lookup(table, a);
            if (v == null) {
                throw l.fatal(l.at() + ": unsupported option \"" + a + "\".");
            }
            if (!l.kw.allowed().isEmpty() && !l.kw.allowed().contains(v)) {
                throw l.unsupportedValue(a);
            }
            l.o.first(l, option, v);
        };
    }

    static String lookup(String[][] table, String word) {
        for (String[] row : table) {
            if (row[0].equalsIgnoreCase(word)) {
                return row[1];
            }
        }
        return null;
    }

    /**
     * PubkeyAuthOptions (servconf.c sPubkeyAuthOptions): {@code none}, or {@code touch-required}
     * and/or {@code verify-required}; stored as the words given, comma-joined.
     */
    static Handler pubkeyAuthOptions(String option) {
        return l -> {
            java.util.List<String> words = new java.util.ArrayList<>();
            for (String a; (a = l.arg()) != null; ) {
                if (!a.equals("none") && !a.equals("touch-required") && !a.equals("verify-required")) {
                    throw l.fatal(l.at() + ": unsupported " + l.keyword + " option " + a);
                }
                words.add(a);
            }
            if (words.isEmpty()) {
                throw l.fatal(l.at() + ": missing argument.");
            }
            l.o.first(l, option, String.join(",", words));
        };
    }

    /** {@code parse_int}: 0..INT_MAX. */
    static Handler integer(String option) {
        return l -> l.o.first(l, option, intArg(l, l.arg()));
    }

    static int intArg(Line l, String a) {
        Scalars.Num n = Scalars.atoiErr(a);
        if (!n.ok()) {
            throw l.fatal(l.at() + ": " + l.keyword + " integer value " + n.error() + ".");
        }
        return (int) n.value();
    }

    /** {@code parse_time}: sshd's time format, stored in seconds. */
    static Handler time(String option) {
        return l -> l.o.first(l, option, timeArg(l, l.arg()));
    }

    static int timeArg(Line l, String a) {
        if (a == null || a.isEmpty()) {
            throw l.fatal(l.at() + ": missing time value.");
        }
        int v = Scalars.convtime(a);
        if (v == -1) {
            throw l.fatal(l.at() + ": invalid time value.");
        }
        return v;
    }

    /** {@code parse_filename}: made absolute against the working directory, as sshd's {@code derelativise_path}. */
    static Handler filename(String option) {
        return l -> {
            String a = l.arg();
            if (a == null || a.isEmpty()) {
                throw l.fatal(l.at() + ": missing file name.");
            }
            l.o.first(l, option, derelativise(l, a));
        };
    }

    /** A keyword sshd ignores with a log line (its sDeprecated/sUnsupported/sIgnore). */
    static Handler ignored(String what) {
        return l -> {
            if (l.parser.ci == null) { // logged once, when the file is loaded
                LOG.log(Level.INFO, "{0}: {1} option {2}", l.at(), what, l.keyword);
            }
            l.consumeAll();
        };
    }

    /** A keyword sshwire does not implement. */
    static Handler refused() {
        return l -> {
            throw l.unsupported();
        };
    }

    /** servconf.c {@code derelativise_path}: "none" kept, '~' expanded, relative made absolute. */
    static String derelativise(Line l, String path) {
        if (path.equalsIgnoreCase("none")) {
            return "none";
        }
        String expanded = tildeExpand(l, path);
        if (expanded.startsWith("/")) {
            return expanded;
        }
        return System.getProperty("user.dir") + "/" + expanded;
    }

    /** misc.c {@code tilde_expand_filename(path, getuid())}: {@code ~} is this process's user, {@code ~name} that user. */
    static String tildeExpand(Line l, String path) {
        if (!path.startsWith("~")) {
            return path;
        }
        int slash = path.indexOf('/');
        String user = path.substring(1, slash < 0 ? path.length() : slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        String home = user.isEmpty() ? System.getProperty("user.home") : homeOf(user);
        if (home == null) {
            throw l.fatal("tilde_expand_filename: No such user " + user);
        }
        if (rest.isEmpty()) {
            return home;
        }
        return home.endsWith("/") ? home + rest : home + "/" + rest;
    }

    private static String homeOf(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 6 && f[0].equals(user)) {
                    return f[5];
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
