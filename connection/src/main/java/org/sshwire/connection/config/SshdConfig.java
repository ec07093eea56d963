package org.sshwire.connection.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An sshd_config file, read as OpenSSH 9.2's sshd reads it: keywords in any case,
 * {@code Keyword value} or {@code Keyword=value}, quotes and backslash escapes, {@code Include}
 * with globs (relative to /etc/ssh, or the base directory given), {@code Match} blocks, the first
 * value obtained winning except for the keywords that accumulate. Every keyword sshd documents
 * is known: those sshwire implements are parsed and typed, the others make {@link #load} fail
 * with {@code unsupported keyword X at FILE:LINE}; a keyword sshd does not know fails with
 * sshd's own message.
 *
 * <pre>{@code
 * SshdConfig cfg = SshdConfig.load(Path.of("/etc/ssh/sshd_config"));
 * SshdSettings s = cfg.effective(SshdConfig.MatchContext.none()
 *         .withUser("alice").withAddress("192.0.2.7").withLocalAddress("192.0.2.1").withLocalPort(22));
 * s.passwordAuthentication();   // after the Match blocks that apply to alice from 192.0.2.7
 * s.dump();                     // what `sshd -T -C user=alice,addr=192.0.2.7,...` prints
 * }</pre>
 */
public final class SshdConfig {
    /** sshd's SSHDIR: where relative Include paths and the default host keys are. */
    public static final Path DEFAULT_BASE_DIR = Path.of("/etc/ssh");

    private final Path baseDir;
    private final String filename;
    private final List<String> lines;
    private final List<Parser.Include> includes;
    private final long[] loaded;
    private final Options global;
    private final List<Directive> directives;

    private SshdConfig(Path baseDir, String filename, List<String> lines, List<Parser.Include> includes,
            long[] loaded, Options global, List<Directive> directives) {
        this.directives = List.copyOf(directives);
        this.baseDir = baseDir;
        this.filename = filename;
        this.lines = lines;
        this.includes = includes;
        this.loaded = loaded;
        this.global = global;
    }

    /** Reads {@code file}, relative Includes under /etc/ssh. */
    public static SshdConfig load(Path file) {
        return load(file, DEFAULT_BASE_DIR);
    }

    /**
     * Reads {@code file} with relative Include paths (and the default host keys) under
     * {@code baseDir}.
     *
     * @throws SshdConfigException what sshd would refuse, or a keyword or value sshwire does not implement
     */
    public static SshdConfig load(Path file, Path baseDir) {
        return load(file, baseDir, List.of());
    }

    /**
     * Reads {@code file} after the {@code commandLine} options (sshd's {@code -o}, each
     * {@code Keyword value} or {@code Keyword=value}): as in sshd they are read first, so the
     * first value obtained, theirs, wins over the file's; their directives are named
     * {@value #COMMAND_LINE}.
     *
     * <pre>{@code
     * SshdConfig cfg = SshdConfig.load(Path.of("sshd_config"), SshdConfig.DEFAULT_BASE_DIR, List.of("Port=2222"));
     * }</pre>
     *
     * @throws SshdConfigException what sshd would refuse, or a keyword or value sshwire does not implement
     */
    public static SshdConfig load(Path file, Path baseDir, List<String> commandLine) {
        Parser p = new Parser(baseDir, new ArrayList<>(), null, new long[2]);
        Options o = commandLine(p, commandLine);
        String name = file.toString();
        return read(p, o, baseDir, name, p.load(name));
    }

    /** Reads configuration text; {@code name} is the file name used in messages. */
    public static SshdConfig parse(String text, String name, Path baseDir) {
        return parse(text, name, baseDir, List.of());
    }

    /**
     * Reads configuration text after the {@code commandLine} options, as {@link #load(Path, Path, List)}.
     *
     * <pre>{@code
     * SshdConfig cfg = SshdConfig.parse("", "none", SshdConfig.DEFAULT_BASE_DIR, List.of("MaxAuthTries 3"));
     * }</pre>
     */
    public static SshdConfig parse(String text, String name, Path baseDir, List<String> commandLine) {
        Parser p = new Parser(baseDir, new ArrayList<>(), null, new long[2]);
        Options o = commandLine(p, commandLine);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Parser.MAX_FILE_BYTES) {
            throw new SshdConfigException(name + ": configuration too large (at most " + Parser.MAX_FILE_BYTES
                    + " bytes a file)");
        }
        return read(p, o, baseDir, name, p.lines(name, bytes));
    }

    /** The name {@link Directive#file()} has for a command-line option. */
    public static final String COMMAND_LINE = "command-line";

    /** sshd's {@code -o} handling: each option a line of a file named "command-line", read before the file. */
    private static Options commandLine(Parser p, List<String> commandLine) {
        Options o = new Options();
        for (String line : commandLine) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new SshdConfigException(COMMAND_LINE + ": an option must be one line: " + line.strip());
            }
        }
        p.parse(o, COMMAND_LINE, List.copyOf(commandLine), 0, new boolean[] {true}, 0);
        return o;
    }

    private static SshdConfig read(Parser p, Options o, Path baseDir, String name, List<String> lines) {
        p.parse(o, name, lines, 0, new boolean[] {true}, 0);
        Options filled = Effective.fill(o, baseDir);
        SshdSettings check = new SshdSettings(filled);
        for (Algorithms a : Algorithms.values()) {
            check.algorithms(a); // sshd assembles the lists at startup and refuses one that comes out empty
        }
        return new SshdConfig(baseDir, name, lines, p.includes, new long[] {0, 0}, filled, p.directives);
    }

    /**
     * One keyword line as read, for programs that apply the configuration and must refuse, naming
     * the line, what they do not implement (Match and Include lines themselves are not listed;
     * the lines of included files are, in the order sshd reads them).
     *
     * @param keyword   the keyword as sshd_config(5) spells it (an alias as itself)
     * @param file      the file it is in, or {@value #COMMAND_LINE} for a command-line option
     * @param line      its line number in that file
     * @param inMatch   it follows a Match line, so it applies only to the connections that match
     * @param arguments its words, unquoted
     */
    public record Directive(String keyword, String file, int line, boolean inMatch, List<String> arguments) {
        public Directive {
            arguments = List.copyOf(arguments);
        }

        /** {@code FILE:LINE}, as sshwire's "unsupported keyword X at FILE:LINE". */
        public String at() {
            return file + ":" + line;
        }
    }

    /**
     * Every keyword line of the command-line options and the file, in reading order.
     *
     * <pre>{@code
     * for (SshdConfig.Directive d : cfg.directives()) {
     *     if (d.inMatch() && !perConnection.contains(d.keyword())) {
     *         throw new IllegalArgumentException("unsupported keyword " + d.keyword() + " at " + d.at());
     *     }
     * }
     * }</pre>
     */
    public List<Directive> directives() {
        return directives;
    }

    /**
     * The settings for a connection: the global ones with the matching Match blocks applied, in
     * file order, the first value in them winning. Criteria whose attribute the context lacks do
     * not match, as in {@code sshd -T -C}.
     *
     * @throws SshdConfigException a Match LocalPort criterion and no local port in the context (sshd refuses that test too)
     */
    public SshdSettings effective(MatchContext context) {
        Objects.requireNonNull(context);
        Options mo = new Options();
        Parser p = new Parser(baseDir, new ArrayList<>(includes), context, loaded.clone());
        p.parse(mo, filename, lines, Parser.MATCH_ONLY, new boolean[] {false}, 0);
        return new SshdSettings(Effective.merge(global, mo));
    }

    /** The settings when no Match block applies but {@code Match All} (what {@code sshd -T} prints without -C). */
    public SshdSettings global() {
        return effective(MatchContext.none());
    }

    /** The groups of a user from /etc/passwd and /etc/group, for Match Group; null if no such user. */
    public static Function<String, List<String>> systemGroups() {
        return new SystemGroups(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /**
     * What a Match line is tested against (sshd's {@code connection_info}; the fields of
     * {@code sshd -T -C user=,host=,addr=,laddr=,lport=,rdomain=}). Null, or 0 for the port,
     * means not known.
     *
     * @param groups the user's groups for Match Group (null if the user does not exist)
     */
    public record MatchContext(String user, Function<String, List<String>> groups, String host, String address,
            String localAddress, int localPort, String rdomain) {
        public MatchContext {
            Objects.requireNonNull(groups);
        }

        /** Nothing known; groups from the system. */
        public static MatchContext none() {
            return new MatchContext(null, systemGroups(), null, null, null, 0, null);
        }

        /**
         * sshd's {@code -C} test specification, e.g. {@code user=alice,host=h,addr=192.0.2.7,laddr=192.0.2.1,lport=22}.
         */
        public static MatchContext parse(String spec, Function<String, List<String>> groups) {
            MatchContext c = none().withGroups(groups);
            for (String p : spec.split(",", -1)) {
                if (p.isEmpty()) {
                    break;
                }
                if (p.startsWith("addr=")) {
                    c = c.withAddress(p.substring(5));
                } else if (p.startsWith("host=")) {
                    c = c.withHost(p.substring(5));
                } else if (p.startsWith("user=")) {
                    c = c.withUser(p.substring(5));
                } else if (p.startsWith("laddr=")) {
                    c = c.withLocalAddress(p.substring(6));
                } else if (p.startsWith("rdomain=")) {
                    c = c.withRdomain(p.substring(8));
                } else if (p.startsWith("lport=")) {
                    int port = Scalars.a2port(p.substring(6));
                    if (port == -1) {
                        throw new SshdConfigException("Invalid port '" + p.substring(6)
                                + "' in test mode specification " + p);
                    }
                    c = c.withLocalPort(port);
                } else {
                    throw new SshdConfigException("Invalid test mode specification " + p);
                }
            }
            return c;
        }

        public MatchContext withUser(String v) {
            return new MatchContext(v, groups, host, address, localAddress, localPort, rdomain);
        }

        public MatchContext withGroups(Function<String, List<String>> v) {
            return new MatchContext(user, v, host, address, localAddress, localPort, rdomain);
        }

        public MatchContext withHost(String v) {
            return new MatchContext(user, groups, v, address, localAddress, localPort, rdomain);
        }

        public MatchContext withAddress(String v) {
            return new MatchContext(user, groups, host, v, localAddress, localPort, rdomain);
        }

        public MatchContext withLocalAddress(String v) {
            return new MatchContext(user, groups, host, address, v, localPort, rdomain);
        }

        public MatchContext withLocalPort(int v) {
            return new MatchContext(user, groups, host, address, localAddress, v, rdomain);
        }

        public MatchContext withRdomain(String v) {
            return new MatchContext(user, groups, host, address, localAddress, localPort, v);
        }
    }
}
