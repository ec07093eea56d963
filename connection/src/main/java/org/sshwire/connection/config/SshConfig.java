package org.sshwire.connection.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * OpenSSH's client configuration ({@code ssh_config(5)}) as ssh applies it to one destination:
 * {@code -o} options first, then the user's file ({@code ~/.ssh/config}), then the system's
 * ({@code /etc/ssh/ssh_config}); the first value obtained wins. Host and Match sections, Include,
 * %-tokens, hostname canonicalisation and the final pass behave as in ssh 9.x; a file ssh would
 * refuse is refused with ssh's message ({@link SshConfigException}).
 *
 * <pre>{@code
 * SshClientSettings s = SshConfig.builder().build().resolve("myhost");
 * SshClient client = SshClient.builder(s.user()) ... .connect(s.hostName(), s.port());
 *
 * // as `ssh -F ./test.conf -o Port=2222 -G myhost` prints it:
 * System.out.print(SshConfig.builder().configFile(Path.of("test.conf")).option("Port=2222")
 *         .build().resolve("myhost").dump());
 * }</pre>
 *
 * <p>Differences from ssh: CNAMEs are not followed during canonicalisation (the JDK resolver does
 * not report them), so CanonicalizePermittedCNAMEs is read and printed but never rewrites a name;
 * the algorithm lists are checked against, and default to, what sshwire implements; keywords
 * OpenSSH added after 9.2 (Tag, ChannelTimeout, ObscureKeystrokeTiming, Match localnetwork/tagged)
 * are refused as ssh 9.2 refuses them.
 */
public final class SshConfig {
    /** The file name ssh gives {@code -o} options in its messages. */
    public static final String COMMAND_LINE = "command-line";
    public static final String SYSTEM_FILE = "/etc/ssh/ssh_config";

    private final List<String> commandLine;
    private final List<String[]> forwards;
    private final Path configFile;
    private final boolean noFiles;
    private final Path systemFile;
    private final ClientContext ctx;
    private final boolean commandGiven;
    private final boolean stdioForward;

    private SshConfig(Builder b) {
        this.commandLine = List.copyOf(b.commandLine);
        this.forwards = List.copyOf(b.forwards);
        this.configFile = b.configFile;
        this.noFiles = b.noFiles;
        this.systemFile = b.systemFile;
        this.ctx = b.ctx;
        this.commandGiven = b.commandGiven;
        this.stdioForward = b.stdioForward;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How a configuration is read: which files, which {@code -o} options, for which local user. */
    public static final class Builder {
        private final List<String> commandLine = new ArrayList<>();
        private final List<String[]> forwards = new ArrayList<>();
        private Path configFile;
        private boolean noFiles;
        private Path systemFile = Path.of(SYSTEM_FILE);
        private ClientContext ctx = ClientContext.system();
        private boolean commandGiven;
        private boolean stdioForward;

        private Builder() {
        }

        /** ssh's {@code -F}: read only this file (as a user file); "none" reads no file at all. */
        public Builder configFile(Path file) {
            this.configFile = Objects.requireNonNull(file);
            this.noFiles = file.toString().equalsIgnoreCase("none");
            return this;
        }

        /** ssh's {@code -o}: one option line, {@code Keyword=value} or {@code Keyword value}; earlier ones win. */
        public Builder option(String line) {
            commandLine.add(Objects.requireNonNull(line));
            return this;
        }

        /** ssh's {@code -L}: {@code [bind_address:]port:host:hostport}, {@code [bind_address:]port:remote_socket}, ... */
        public Builder localForward(String spec) {
            forwards.add(new String[] {"local", Objects.requireNonNull(spec)});
            return this;
        }

        /** ssh's {@code -R}: as {@link #localForward}, or {@code [bind_address:]port} for a remote dynamic forward. */
        public Builder remoteForward(String spec) {
            forwards.add(new String[] {"remote", Objects.requireNonNull(spec)});
            return this;
        }

        /** ssh's {@code -D}: {@code [bind_address:]port}. */
        public Builder dynamicForward(String spec) {
            forwards.add(new String[] {"dynamic", Objects.requireNonNull(spec)});
            return this;
        }

        /** The system-wide file read after the user's (default {@value #SYSTEM_FILE}); ignored with {@link #configFile}. */
        public Builder systemFile(Path file) {
            this.systemFile = file;
            return this;
        }

        /** The local user as ssh sees it (%u %d %i, Match localuser, {@code ~}); default this process's. */
        public Builder localUser(String name, Path home, long uid) {
            ctx = new ClientContext(name, uid, home.toString(), ctx.thisHost(), ctx.env(), ctx.exec(), ctx.resolves());
            return this;
        }

        /** Where ${VAR} and Match exec's shell come from; default this process's environment. */
        public Builder environment(Function<String, String> env) {
            ctx = new ClientContext(ctx.localUser(), ctx.uid(), ctx.home(), ctx.thisHost(), env,
                    ClientContext.shellExec(env), ctx.resolves());
            return this;
        }

        /** A command was given on the command line (ssh then refuses RemoteCommand and UpdateHostKeys=ask). */
        public Builder commandGiven(boolean given) {
            this.commandGiven = given;
            return this;
        }

        /** {@code -W} is in use: ClearAllForwardings and ExitOnForwardFailure default to yes, as in ssh. */
        public Builder stdioForward(boolean on) {
            this.stdioForward = on;
            return this;
        }

        Builder context(ClientContext c) {
            this.ctx = c;
            return this;
        }

        public SshConfig build() {
            return new SshConfig(this);
        }
    }

    /**
     * The effective settings for {@code host} as given on the command line (without {@code user@}):
     * ssh's two passes over the files (the second after canonicalisation or for Match final),
     * defaults filled, tokens expanded as {@code ssh -G} shows them.
     *
     * @throws SshConfigException what ssh would refuse, with its messages
     */
    public SshClientSettings resolve(String host) {
        List<String> notes = new ArrayList<>();
        ClientOptions o = new ClientOptions();
        ClientParser cmd = new ClientParser(o, ctx, host, host, notes);
        for (String line : commandLine) {
            cmd.commandLine(line);
        }
        for (String[] f : forwards) {
            boolean remote = f[0].equals("remote");
            boolean dynamic = f[0].equals("dynamic");
            // ssh.c: a -R with one field is a remote dynamic forward.
            ClientForward parsed = ClientForward.parse(f[1], dynamic, remote, ctx.env());
            if (parsed == null && remote) {
                parsed = ClientForward.parse(f[1], true, true, ctx.env());
            }
            if (parsed == null) {
                throw new SshConfigException(dynamic ? "Bad dynamic forwarding specification '" + f[1] + "'"
                        : "Bad " + f[0] + " forwarding specification '" + f[1] + "'");
            }
            ClientOptions.addForward(remote ? o.remoteForwards : o.localForwards, parsed);
        }
        boolean wantFinal = readFiles(o, host, host, false, notes);
        // fill_default_options_for_canonicalization
        int maxDots = o.intOr(ClientKeyword.CANONICALIZE_MAX_DOTS, 1);
        boolean fallbackLocal = o.intOr(ClientKeyword.CANONICALIZE_FALLBACK_LOCAL, 1) == 1;
        int canon = o.intOr(ClientKeyword.CANONICALIZE_HOSTNAME, ClientStates.CANON_NO);
        String h = host;
        String hostname = o.strings.get(ClientKeyword.HOSTNAME);
        if (hostname != null) {
            h = expand(hostname, Map.of('h', h));
            o.strings.put(ClientKeyword.HOSTNAME, h);
        }
        String canonical = canonicalize(o, h, canon, maxDots, fallbackLocal);
        h = canonical != null ? canonical : h.toLowerCase(Locale.ROOT);
        boolean direct = ClientOptions.clearOrNone(o.strings.get(ClientKeyword.PROXY_COMMAND))
                && ClientOptions.clearOrNone(o.jumpHost);
        if (canonical == null && o.hasPermittedCnames() && direct && !ctx.resolves().test(h)) {
            // ssh resolves the name to follow CNAMEs (through a proxy only with "always", where a name the
            // DNS lacks is not an error); a direct connection to a name that does not resolve ends here.
            throw new SshConfigException("ssh: Could not resolve hostname " + h + ": Name or service not known");
        }
        if (canon != ClientStates.CANON_NO && !wantFinal) {
            wantFinal = true;
        }
        if (wantFinal) {
            o.strings.put(ClientKeyword.HOSTNAME, h);
            readFiles(o, h, host, true, notes);
        }
        return ClientDefaults.finish(o, host, h, ctx, commandGiven, stdioForward, notes);
    }

    /** process_config_files: -F's file alone, or the user's file then the system's. */
    private boolean readFiles(ClientOptions o, String host, String original, boolean finalPass, List<String> notes) {
        ClientParser p = new ClientParser(o, ctx, host, original, notes);
        int fin = finalPass ? ClientParser.FINAL : 0;
        if (configFile != null) {
            if (!noFiles && !p.readFile(configFile, ClientParser.USERCONF | fin)) {
                String why = Files.exists(configFile) ? "Permission denied" : "No such file or directory";
                throw new SshConfigException("Can't open user config file " + configFile + ": " + why);
            }
        } else {
            p.readFile(Path.of(ctx.home(), ".ssh", "config"), ClientParser.CHECKPERM | ClientParser.USERCONF | fin);
            if (systemFile != null) {
                p.readFile(systemFile, fin);
            }
        }
        return p.wantFinalPass;
    }

    /**
     * ssh.c's {@code resolve_canonicalize}: a numeric address in its canonical form; else, when
     * canonicalisation applies, the first "name.domain" of CanonicalDomains that resolves; null
     * when the name stays as it is.
     */
    private String canonicalize(ClientOptions o, String h, int canon, int maxDots, boolean fallbackLocal) {
        byte[] addr = Cidr.parseAddress(h);
        if (addr != null) {
            return Cidr.format(addr);
        }
        if (canon == ClientStates.CANON_NO || h.isEmpty()) {
            return null;
        }
        boolean direct = ClientOptions.clearOrNone(o.strings.get(ClientKeyword.PROXY_COMMAND))
                && ClientOptions.clearOrNone(o.jumpHost);
        if (!direct && canon != ClientStates.CANON_ALWAYS) {
            return null;
        }
        if (h.endsWith(".")) {
            if (ctx.resolves().test(h)) {
                return h.substring(0, h.length() - 1);
            }
        } else {
            long dots = h.chars().filter(c -> c == '.').count();
            if (dots > maxDots) {
                return null;
            }
            for (String d : o.arrays.getOrDefault(ClientKeyword.CANONICAL_DOMAINS, List.of())) {
                if (d.equalsIgnoreCase("none")) {
                    break;
                }
                String full = h + "." + d + ".";
                if (ctx.resolves().test(full)) {
                    return full.substring(0, full.length() - 1);
                }
            }
        }
        if (!fallbackLocal) {
            throw new SshConfigException("ssh: Could not resolve host \"" + h + "\"");
        }
        return null;
    }

    static String expand(String s, Map<Character, String> keys) {
        try {
            return Tokens.percentExpand(s, keys);
        } catch (Tokens.ExpansionException e) {
            throw new SshConfigException(e.getMessage());
        }
    }

    /**
     * OpenSSH 10.1's check on a user name from the command line or a URI: refuses a leading '-',
     * control characters, shell metacharacters ({@code '`";&<>|(){}}), '-' after whitespace and a
     * trailing backslash, so no %r can inject into ProxyCommand, LocalCommand or KnownHostsCommand.
     */
    public static boolean isSafeUser(String user) {
        return Tokens.validRemoteUser(user);
    }

    /**
     * OpenSSH 10.1's check on a host name from the command line: no leading '-', no whitespace,
     * control characters or shell metacharacters ({@code '`"$\;&<>|(){},}).
     */
    public static boolean isSafeHost(String host) {
        return Tokens.validHostname(host);
    }

    /** Every keyword (and alias) the parser knows, lowercased and sorted. */
    public static List<String> keywords() {
        return List.copyOf(ClientKeyword.names());
    }
}
