package org.sshwire.connection.config;

import java.util.List;

/**
 * One directive being processed, as sshd's {@code process_server_config_line_depth} sees it:
 * the keyword as written, the rest of the line ({@code str}), its words ({@code av}) consumed
 * left to right, and whether the section it is in applies ({@code *activep}).
 */
final class Line {
    /** sshd's non-fatal {@code error()} on a line: counted, and the file is refused at its end. */
    static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message, null, false, false);
        }
    }

    final String file;
    final int num;
    final String keyword;
    final Keyword kw;
    final String str;
    final List<String> av;
    final boolean active;
    final Options o;
    final Parser parser;
    private int next;

    Line(String file, int num, String keyword, Keyword kw, String str, List<String> av, boolean active, Options o,
            Parser parser) {
        this.file = file;
        this.num = num;
        this.keyword = keyword;
        this.kw = kw;
        this.str = str;
        this.av = av;
        this.active = active;
        this.o = o;
        this.parser = parser;
    }

    /** sshd's {@code argv_next}: the next word, or null. */
    String arg() {
        return next < av.size() ? av.get(next++) : null;
    }

    /** The next word without consuming it, or null. */
    String peek() {
        return next < av.size() ? av.get(next) : null;
    }

    int remaining() {
        return av.size() - next;
    }

    /** sshd's {@code argv_consume}: the handler took the raw rest of the line itself. */
    void consumeAll() {
        next = av.size();
    }

    /** {@code "FILE line N"}, sshd's prefix for most messages. */
    String at() {
        return file + " line " + num;
    }

    /** sshd's {@code fatal()}: the load stops here. */
    SshdConfigException fatal(String message) {
        return parser.fatal(message);
    }

    /** sshd's {@code error()} for this line: the line is bad, parsing goes on to report the rest. */
    Bad bad(String message) {
        return new Bad(message);
    }

    /** sshwire does not implement this keyword: refused when the file is loaded, wherever it is. */
    SshdConfigException unsupported() {
        return fatal("unsupported keyword " + kw.name() + " at " + file + ":" + num);
    }

    /** sshwire implements the keyword but not this value of it. */
    SshdConfigException unsupportedValue(String value) {
        return fatal("unsupported value \"" + value + "\" for " + kw.name() + " at " + file + ":" + num
                + " (sshwire implements only " + kw.name() + " " + String.join("/", kw.allowed()) + ")");
    }
}
