package org.sshwire.connection.config;

import java.util.List;

/**
 * One ssh_config line being applied, as readconf.c's {@code process_config_line_depth} sees it:
 * the keyword as written (lowercased), the rest of the line ({@code str}), its words
 * ({@code av}) consumed left to right, whether the section it is in applies ({@code *activep},
 * shared with the lines that follow), and how the file was read (user or system file, final pass).
 */
final class ClientLine {
    final ClientParser parser;
    final ClientOptions o;
    final String file;
    final int num;
    final String keyword;
    final ClientKeyword kw;
    final String str;
    final List<String> av;
    final boolean[] active;
    final int flags;
    final int depth;
    final boolean cmdline;
    private int next;

    ClientLine(ClientParser parser, String file, int num, String keyword, ClientKeyword kw, String str,
            List<String> av, boolean[] active, int flags, int depth, boolean cmdline) {
        this.parser = parser;
        this.o = parser.o;
        this.file = file;
        this.num = num;
        this.keyword = keyword;
        this.kw = kw;
        this.str = str;
        this.av = av;
        this.active = active;
        this.flags = flags;
        this.depth = depth;
        this.cmdline = cmdline;
    }

    boolean active() {
        return active[0];
    }

    /** {@code argv_next}: the next word, or null. */
    String arg() {
        return next < av.size() ? av.get(next++) : null;
    }

    int remaining() {
        return av.size() - next;
    }

    /** {@code argv_consume}: the handler took the rest of the line itself. */
    void consumeAll() {
        next = av.size();
    }

    /** {@code "FILE line N"}, ssh's prefix for most messages. */
    String at() {
        return file + " line " + num;
    }

    /** ssh's {@code error()} and {@code goto out}: the line is bad. */
    ClientParser.Bad bad(String message) {
        return new ClientParser.Bad(message);
    }

    /** ssh's {@code fatal()}: the read stops here. */
    SshConfigException fatal(String message) {
        return parser.fatal(message);
    }

    /** The next word, which must be present and non-empty ("Missing argument."). */
    String required() {
        String a = arg();
        if (a == null || a.isEmpty()) {
            throw bad(at() + ": Missing argument.");
        }
        return a;
    }
}
