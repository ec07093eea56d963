package org.sshwire.connection.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sshd's configuration reader ({@code parse_server_config_depth} and
 * {@code process_server_config_line_depth}). sshd reads a configuration twice: once at start
 * with no connection ({@code ci == null}), when the global section applies, every line is
 * checked, Match blocks are checked for syntax only and every Include is loaded; and once per
 * connection, starting inactive, when only the lines of matching Match blocks are applied. This
 * class does either pass; the included files loaded in the first are kept for the second, as sshd
 * keeps them.
 *
 * <p>Bounds sshd does not have, so that no file can exhaust memory or the stack: each file at
 * most {@link #MAX_FILE_BYTES}, all files together {@link #MAX_TOTAL_BYTES} and
 * {@link #MAX_FILES}, and at most {@link #MAX_LINE_VISITS} lines processed per pass (a file
 * included many times counts each time). Include depth is sshd's own limit, 16.
 */
final class Parser {
    /** servconf.c SERVCONF_MAX_DEPTH. */
    static final int MAX_DEPTH = 16;
    static final int MAX_FILE_BYTES = 1 << 20;
    static final long MAX_TOTAL_BYTES = 16L << 20;
    static final int MAX_FILES = 1024;
    static final long MAX_LINE_VISITS = 1_000_000;
    /** servconf.c SSHCFG_NEVERMATCH: Match lines in this file never match (it was included from an inactive block). */
    static final int NEVERMATCH = 0x04;
    /** servconf.c SSHCFG_MATCH_ONLY: only Match blocks apply, until the first Match line. */
    static final int MATCH_ONLY = 0x08;

    /** A cached Include: the glob as written (made absolute) and one file it matched, or none. */
    record Include(String selector, String filename, List<String> lines) {
    }

    final Path baseDir;
    final List<Include> includes;
    final SshdConfig.MatchContext ci;
    final List<String> errors = new ArrayList<>();
    /** The first pass's keyword lines, in the order read (Include followed), for {@link SshdConfig#directives()}. */
    final List<SshdConfig.Directive> directives = new ArrayList<>();
    /** Whether the line being read is after a Match line (in this file, or in the file that included it). */
    private boolean inMatchBlock;
    private final List<String> stack = new ArrayList<>();
    private long visits;
    private final long[] loaded;

    /**
     * @param includes the Include cache: empty for the first pass, the first pass's for the second
     * @param loaded   bytes and files loaded so far, shared by the passes of one configuration
     */
    Parser(Path baseDir, List<Include> includes, SshdConfig.MatchContext ci, long[] loaded) {
        this.baseDir = baseDir;
        this.includes = includes;
        this.ci = ci;
        this.loaded = loaded;
    }

    /** sshd's {@code fatal()}: the errors logged so far, then this one. */
    SshdConfigException fatal(String message) {
        List<String> all = new ArrayList<>(errors);
        all.add(message);
        return new SshdConfigException(String.join("\n", all));
    }

    /**
     * {@code load_server_config}: the file's lines with leading blanks removed (line numbers kept).
     * A directory reads as empty (fopen succeeds, reading fails), as in sshd.
     */
    List<String> load(String filename) {
        Path p = Path.of(filename);
        try {
            if (Files.isDirectory(p)) {
                return List.of();
            }
            if (Files.exists(p) && !Files.isRegularFile(p) && !isCharacterDevice(p)) {
                // sshd would read a FIFO or socket (and block); we refuse it. A character device
                // is read, bounded below, so `-f /dev/null` gives the defaults as with sshd.
                throw fatal(filename + ": not a regular file");
            }
            if (++loaded[1] > MAX_FILES) {
                throw fatal(filename + ": too many configuration files (more than " + MAX_FILES + ")");
            }
            long size = Files.size(p);
            if (size > MAX_FILE_BYTES || loaded[0] + size > MAX_TOTAL_BYTES) {
                throw fatal(filename + ": configuration too large (at most " + MAX_FILE_BYTES + " bytes a file, "
                        + MAX_TOTAL_BYTES + " in all)");
            }
            byte[] bytes;
            try (var in = Files.newInputStream(p)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw fatal(filename + ": configuration too large (at most " + MAX_FILE_BYTES + " bytes a file)");
            }
            loaded[0] += bytes.length;
            return lines(filename, bytes);
        } catch (NoSuchFileException e) {
            throw fatal(filename + ": No such file or directory");
        } catch (AccessDeniedException e) {
            throw fatal(filename + ": Permission denied");
        } catch (IOException e) {
            throw new SshdConfigException(filename + ": " + e.getMessage(), e);
        }
    }

    /** S_IFCHR in the unix view's mode; false where the file system has no such view. */
    private static boolean isCharacterDevice(Path p) {
        try {
            return (((Integer) Files.getAttribute(p, "unix:mode")) & 0170000) == 0020000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The text of a configuration as lines, each with its leading " \t\r" removed as sshd does. */
    List<String> lines(String filename, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                // sshd: sshbuf_dup_string refuses a buffer with a NUL inside.
                throw fatal("parse_server_config_depth: " + filename + ": sshbuf_dup_string failed (NUL byte)");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fatal(filename + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
            int i = 0;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\r')) {
                i++;
            }
            out.add(line.substring(i));
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return out;
    }

    /** {@code parse_server_config_depth}: every line, then the file is refused if any was bad. */
    void parse(Options o, String filename, List<String> lines, int flags, boolean[] active, int depth) {
        if (depth < 0 || depth > MAX_DEPTH) {
            String loop = stack.contains(filename) ? " (Include loop: " + String.join(" -> ",
                    stack.subList(stack.indexOf(filename), stack.size())) + " -> " + filename + ")" : "";
            throw fatal("Too many recursive configuration includes" + loop);
        }
        if (depth == 0) {
            inMatchBlock = false; // a new top-level source (the command line, then the file)
        }
        stack.add(filename);
        int[] f = {flags};
        int bad = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (++visits > MAX_LINE_VISITS) {
                throw fatal(filename + ": configuration too large (more than " + MAX_LINE_VISITS
                        + " lines processed, counting each Include)");
            }
            if (processLine(o, lines.get(i), filename, i + 1, active, f, depth) != 0) {
                bad++;
            }
        }
        stack.remove(stack.size() - 1);
        if (bad > 0) {
            throw fatal(filename + ": terminating, " + bad + " bad configuration options");
        }
    }

    private int processLine(Options o, String raw, String filename, int num, boolean[] active, int[] flags,
            int depth) {
        if (raw.isEmpty()) {
            return 0;
        }
        int end = raw.length() - 1;
        while (end > 0 && (Argv.WHITESPACE + "\f").indexOf(raw.charAt(end)) >= 0) {
            end--;
        }
        Argv.Cursor c = new Argv.Cursor(raw.substring(0, end + 1));
        String keyword = Argv.strdelim(c);
        if (keyword == null) {
            return 0;
        }
        if (keyword.isEmpty()) {
            keyword = Argv.strdelim(c);
        }
        if (keyword == null || keyword.isEmpty() || keyword.charAt(0) == '#') {
            return 0;
        }
        String str = c.rest();
        if (str == null || str.isEmpty()) {
            errors.add(filename + " line " + num + ": no argument after keyword \"" + keyword + "\"");
            return -1;
        }
        Keyword kw = Keywords.find(keyword);
        if (kw == null) {
            errors.add(filename + ": line " + num + ": Bad configuration option: " + keyword);
        }
        List<String> av = Argv.split(str);
        if (av == null) {
            errors.add(filename + " line " + num + ": invalid quotes");
            return -1;
        }
        if (!active[0] && (kw == null || !kw.inMatch())) {
            if (ci == null) {
                throw fatal(filename + " line " + num + ": Directive '" + keyword
                        + "' is not allowed within a Match block");
            }
            return 0; // the second pass: a global directive, applied in the first
        }
        if (kw == null) {
            return -1;
        }
        if (ci == null && !kw.option().equals("match") && !kw.option().equals("include")) {
            directives.add(new SshdConfig.Directive(kw.name(), filename, num, inMatchBlock, List.copyOf(av)));
        }
        Line l = new Line(filename, num, keyword, kw, str, av, active[0], o, this);
        try {
            switch (kw.option()) {
                case "match" -> match(l, c, flags, active);
                case "include" -> include(l, o, flags, active, depth);
                default -> kw.handler().apply(l);
            }
        } catch (Line.Bad b) {
            errors.add(b.getMessage());
            return -1;
        }
        if (l.remaining() > 0) {
            errors.add(filename + " line " + num + ": keyword " + keyword + " extra arguments at end of line");
            return -1;
        }
        return 0;
    }

    private void match(Line l, Argv.Cursor c, int[] flags, boolean[] active) {
        boolean never = (flags[0] & NEVERMATCH) != 0;
        int value = MatchCriteria.evaluate(c, l.num, never ? null : ci, this);
        if (value < 0) {
            throw fatal(l.at() + ": Bad Match condition");
        }
        active[0] = !never && value == 1;
        inMatchBlock = true;
        flags[0] &= ~MATCH_ONLY;
        String rest = c.rest();
        if (rest == null || rest.isEmpty()) {
            l.consumeAll();
        }
    }

    private void include(Line l, Options o, int[] flags, boolean[] active, int depth) {
        int value = 0;
        for (String arg2 = l.arg(); arg2 != null; arg2 = l.arg()) {
            if (arg2.isEmpty()) {
                throw l.bad(l.at() + ": keyword " + l.keyword + " empty argument");
            }
            value++;
            // As sshd: relative to /etc/ssh (here the base directory); '~' is not expanded.
            String arg = arg2.startsWith("/") || arg2.startsWith("~") ? arg2 : baseDir + "/" + arg2;
            boolean oactive = active[0];
            boolean oblock = inMatchBlock; // a Match in the included file ends with that file, as its active state
            // An included file must not clobber the Match state of the file including it.
            int sub = (flags[0] & MATCH_ONLY) != 0 ? MATCH_ONLY : oactive ? 0 : NEVERMATCH;
            boolean found = false;
            for (Include item : List.copyOf(includes)) {
                if (!item.selector().equals(arg)) {
                    continue;
                }
                if (item.filename() != null) {
                    parse(o, item.filename(), item.lines(), sub, active, depth + 1);
                }
                found = true;
                active[0] = oactive;
                inMatchBlock = oblock;
            }
            if (found) {
                continue;
            }
            List<String> paths = Glob.expand(arg, MAX_FILES);
            if (paths == null) {
                throw fatal(l.at() + ": include \"" + arg + "\" glob failed");
            }
            if (paths.isEmpty()) {
                includes.add(new Include(arg, null, null)); // remember the miss, as sshd
            }
            for (String path : paths) {
                List<String> lines = load(path);
                parse(o, path, lines, sub, active, depth + 1);
                active[0] = oactive;
                inMatchBlock = oblock;
                includes.add(new Include(arg, path, lines));
            }
        }
        if (value == 0) {
            throw fatal(l.at() + ": " + l.keyword + " missing filename argument");
        }
    }
}
