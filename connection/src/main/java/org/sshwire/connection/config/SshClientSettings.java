package org.sshwire.connection.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective ssh_config settings for one destination, as {@link SshConfig#resolve} computes
 * them: typed values with ssh's defaults filled in, and {@link #dump()} in {@code ssh -G}'s format.
 * Paths are expanded as ssh expands them before use ({@code ~}, ${VAR}, %-tokens).
 */
public final class SshClientSettings {
    private final ClientOptions o;
    private final String hostArg;
    private final String host;
    private final Map<Character, String> keys;
    private final String home;
    private final java.util.function.Function<String, String> env;
    private final List<String> notes;

    SshClientSettings(ClientOptions o, String hostArg, String host, Map<Character, String> keys, String home,
            java.util.function.Function<String, String> env, List<String> notes) {
        this.o = o;
        this.hostArg = hostArg;
        this.host = host;
        this.keys = Map.copyOf(keys);
        this.home = home;
        this.env = env;
        this.notes = notes;
    }

    /** A LocalForward, RemoteForward or DynamicForward: a listen side and a connect side (host and port, or a path). */
    public record Forward(Optional<String> listenHost, int listenPort, Optional<String> listenPath,
            Optional<String> connectHost, int connectPort, Optional<String> connectPath) {
    }

    /** The destination as given (ssh's %n). */
    public String host() {
        return hostArg;
    }

    /** The name or address to connect to: HostName with %h expanded, canonicalised, lowercased (ssh's %h). */
    public String hostName() {
        return host;
    }

    public String user() {
        return o.strings.get(ClientKeyword.USER);
    }

    public int port() {
        return o.intOr(ClientKeyword.PORT, 22);
    }

    /** IdentityFile entries, expanded ({@code ~}, ${VAR}, %-tokens), in order; ssh's defaults when none is set. */
    public List<Path> identityFiles() {
        return expandedPaths(ClientKeyword.IDENTITY_FILE);
    }

    /** Whether the identity files are ssh's defaults (a missing default file is not an error). */
    public boolean identityFilesAreDefaults() {
        return o.identityUserProvided.stream().noneMatch(b -> b);
    }

    public List<Path> certificateFiles() {
        return expandedPaths(ClientKeyword.CERTIFICATE_FILE);
    }

    private List<Path> expandedPaths(ClientKeyword k) {
        return o.arrays.getOrDefault(k, List.of()).stream()
                .map(f -> Path.of(SshConfig.expand(dollar(Tokens.tildeExpand(f, home)), keys))).toList();
    }

    private String dollar(String s) {
        String d = Tokens.dollarExpand(s, env);
        return d == null ? s : d;
    }

    public boolean identitiesOnly() {
        return flag(ClientKeyword.IDENTITIES_ONLY);
    }

    /** ProxyJump as written ({@code [user@]host[:port],...}), the hops in the order they are connected through. */
    public Optional<String> proxyJump() {
        if (o.jumpHost == null) {
            return Optional.empty();
        }
        String last = (o.jumpUser == null ? "" : o.jumpUser + "@")
                + (o.jumpHost.indexOf(':') >= 0 ? "[" + o.jumpHost + "]" : o.jumpHost)
                + (o.jumpPort <= 0 ? "" : ":" + o.jumpPort);
        return Optional.of(o.jumpExtra == null ? last : o.jumpExtra + "," + last);
    }

    /** ProxyCommand with %h %n %p %r expanded, as ssh runs it through the shell. */
    public Optional<String> proxyCommand() {
        String c = o.strings.get(ClientKeyword.PROXY_COMMAND);
        if (c == null) {
            return Optional.empty();
        }
        return Optional.of(SshConfig.expand(c, Map.of('h', host, 'n', hostArg, 'p', Integer.toString(port()),
                'r', user())));
    }

    public List<Forward> localForwards() {
        return o.localForwards.stream().filter(f -> !"socks".equals(f.connectHost())).map(SshClientSettings::forward)
                .toList();
    }

    /** DynamicForward entries (SOCKS listeners); a RemoteForward without a target is in {@link #remoteForwards}. */
    public List<Forward> dynamicForwards() {
        return o.localForwards.stream().filter(f -> "socks".equals(f.connectHost())).map(SshClientSettings::forward)
                .toList();
    }

    public List<Forward> remoteForwards() {
        return o.remoteForwards.stream().map(SshClientSettings::forward).toList();
    }

    private static Forward forward(ClientForward f) {
        return new Forward(Optional.ofNullable(f.listenHost()), f.listenPort(), Optional.ofNullable(f.listenPath()),
                Optional.ofNullable(f.connectHost()), f.connectPort(), Optional.ofNullable(f.connectPath()));
    }

    /** StrictHostKeyChecking as one of "yes", "no", "ask", "accept-new". */
    public String strictHostKeyChecking() {
        return switch (o.intOr(ClientKeyword.STRICT_HOST_KEY_CHECKING, ClientStates.STRICT_ASK)) {
            case ClientStates.STRICT_YES -> "yes";
            case ClientStates.STRICT_OFF -> "no";
            case ClientStates.STRICT_NEW -> "accept-new";
            default -> "ask";
        };
    }

    public List<Path> userKnownHostsFiles() {
        return o.arrays.getOrDefault(ClientKeyword.USER_KNOWN_HOSTS_FILE, List.of()).stream().map(Path::of).toList();
    }

    public List<Path> globalKnownHostsFiles() {
        return o.arrays.getOrDefault(ClientKeyword.GLOBAL_KNOWN_HOSTS_FILE, List.of()).stream()
                .map(f -> Path.of(Tokens.tildeExpand(f, home))).toList();
    }

    public boolean hashKnownHosts() {
        return flag(ClientKeyword.HASH_KNOWN_HOSTS);
    }

    /** ServerAliveInterval in seconds; 0 is off. */
    public int serverAliveInterval() {
        return o.intOr(ClientKeyword.SERVER_ALIVE_INTERVAL, 0);
    }

    public int serverAliveCountMax() {
        return o.intOr(ClientKeyword.SERVER_ALIVE_COUNT_MAX, 3);
    }

    /** ConnectTimeout; empty means the system's TCP timeout. */
    public Optional<Duration> connectTimeout() {
        Integer t = o.ints.get(ClientKeyword.CONNECT_TIMEOUT);
        return t == null ? Optional.empty() : Optional.of(Duration.ofSeconds(t));
    }

    /** SendEnv patterns, in order. */
    public List<String> sendEnv() {
        return List.copyOf(o.arrays.getOrDefault(ClientKeyword.SEND_ENV, List.of()));
    }

    /** SetEnv name/value pairs, in order. */
    public Map<String, String> setEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : o.arrays.getOrDefault(ClientKeyword.SET_ENV, List.of())) {
            int eq = pair.indexOf('=');
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return env;
    }

    /** PreferredAuthentications, if set. */
    public Optional<List<String>> preferredAuthentications() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.PREFERRED_AUTHENTICATIONS)).map(s -> List.of(s.split(",")));
    }

    /** Whether an option was set by a line or {@code -o} (rather than defaulted); keyword in any case. */
    public boolean isSet(String keyword) {
        ClientKeyword k = ClientKeyword.lookup(ClientKeyword.lower(keyword));
        return k != null && (o.strings.containsKey(k) || o.arrays.containsKey(k) && !o.arrays.get(k).isEmpty());
    }

    public List<String> ciphers() {
        return Algorithms.CIPHERS.assemble(o.strings.get(ClientKeyword.CIPHERS));
    }

    public List<String> macs() {
        return Algorithms.MACS.assemble(o.strings.get(ClientKeyword.MACS));
    }

    public List<String> kexAlgorithms() {
        return Algorithms.KEX.assemble(o.strings.get(ClientKeyword.KEX_ALGORITHMS));
    }

    public List<String> hostKeyAlgorithms() {
        return Algorithms.HOST_KEY.assemble(o.strings.get(ClientKeyword.HOST_KEY_ALGORITHMS));
    }

    public List<String> pubkeyAcceptedAlgorithms() {
        return Algorithms.PUBKEY.assemble(o.strings.get(ClientKeyword.PUBKEY_ACCEPTED_ALGORITHMS));
    }

    public List<String> caSignatureAlgorithms() {
        return Algorithms.CA_SIGNATURE.assemble(o.strings.get(ClientKeyword.CA_SIGNATURE_ALGORITHMS));
    }

    public boolean compression() {
        return flag(ClientKeyword.COMPRESSION);
    }

    public boolean forwardAgent() {
        return flag(ClientKeyword.FORWARD_AGENT);
    }

    /** ForwardAgent's socket path, when it names one rather than yes/no. */
    public Optional<String> forwardAgentPath() {
        return Optional.ofNullable(o.forwardAgentSockPath);
    }

    public boolean batchMode() {
        return flag(ClientKeyword.BATCH_MODE);
    }

    /** LogLevel as ssh -G prints it (SILENT, FATAL, ERROR, INFO, VERBOSE, DEBUG, DEBUG2, DEBUG3). */
    public String logLevel() {
        return ClientStates.LOG_LEVEL.format(o.intOr(ClientKeyword.LOG_LEVEL, ClientStates.LOG_INFO));
    }

    public boolean passwordAuthentication() {
        return flag(ClientKeyword.PASSWORD_AUTHENTICATION);
    }

    public boolean kbdInteractiveAuthentication() {
        return flag(ClientKeyword.KBD_INTERACTIVE_AUTHENTICATION);
    }

    public boolean pubkeyAuthentication() {
        return o.intOr(ClientKeyword.PUBKEY_AUTHENTICATION, ClientStates.PUBKEY_ALL) != ClientStates.PUBKEY_NO;
    }

    public boolean hostbasedAuthentication() {
        return flag(ClientKeyword.HOSTBASED_AUTHENTICATION);
    }

    public int numberOfPasswordPrompts() {
        return o.intOr(ClientKeyword.NUMBER_OF_PASSWORD_PROMPTS, 3);
    }

    /** RequestTTY: "auto", "yes", "no" or "force". */
    public String requestTty() {
        return switch (o.intOr(ClientKeyword.REQUEST_TTY, ClientStates.TTY_AUTO)) {
            case ClientStates.TTY_YES -> "yes";
            case ClientStates.TTY_NO -> "no";
            case ClientStates.TTY_FORCE -> "force";
            default -> "auto";
        };
    }

    /** SessionType: "default", "none" or "subsystem". */
    public String sessionType() {
        return ClientStates.SESSION_TYPE.format(o.intOr(ClientKeyword.SESSION_TYPE, ClientStates.SESSION_DEFAULT));
    }

    /** RemoteCommand with its %-tokens expanded. */
    public Optional<String> remoteCommand() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.REMOTE_COMMAND));
    }

    /** EscapeChar as a character code, or -1 for none. */
    public int escapeChar() {
        int e = o.intOr(ClientKeyword.ESCAPE_CHAR, '~');
        return e == ClientStates.ESCAPE_NONE ? -1 : e;
    }

    /** UpdateHostKeys: "yes", "no" or "ask". */
    public String updateHostKeys() {
        return switch (o.intOr(ClientKeyword.UPDATE_HOST_KEYS, 0)) {
            case 1 -> "yes";
            case 2 -> "ask";
            default -> "no";
        };
    }

    public Optional<String> hostKeyAlias() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.HOST_KEY_ALIAS));
    }

    public int connectionAttempts() {
        return o.intOr(ClientKeyword.CONNECTION_ATTEMPTS, 1);
    }

    public boolean exitOnForwardFailure() {
        return flag(ClientKeyword.EXIT_ON_FORWARD_FAILURE);
    }

    public boolean gatewayPorts() {
        return flag(ClientKeyword.GATEWAY_PORTS);
    }

    /** AddressFamily: "any", "inet" or "inet6". */
    public String addressFamily() {
        return ClientStates.ADDRESS_FAMILY.format(o.intOr(ClientKeyword.ADDRESS_FAMILY, ClientStates.AF_UNSPEC));
    }

    public Optional<String> bindAddress() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.BIND_ADDRESS));
    }

    /** RekeyLimit's data volume in bytes (0: the cipher's default) and its time in seconds (0: none). */
    public long rekeyLimitBytes() {
        return o.rekeyLimit;
    }

    public int rekeyLimitSeconds() {
        return o.rekeyInterval;
    }

    /** IdentityAgent, expanded; "none" switches the agent off, "SSH_AUTH_SOCK" names the environment's. */
    public Optional<String> identityAgent() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.IDENTITY_AGENT));
    }

    public Optional<String> knownHostsCommand() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.KNOWN_HOSTS_COMMAND));
    }

    /** RevokedHostKeys, expanded ({@code ~}, ${VAR}, %-tokens). */
    public Optional<Path> revokedHostKeys() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.REVOKED_HOST_KEYS))
                .map(f -> Path.of(SshConfig.expand(dollar(Tokens.tildeExpand(f, home)), keys)));
    }

    /** SecurityKeyProvider: the FIDO middleware for sk keys; ssh's default is "internal", its built-in USB HID support. */
    public Optional<String> securityKeyProvider() {
        return Optional.ofNullable(o.strings.get(ClientKeyword.SECURITY_KEY_PROVIDER));
    }

    public boolean stdinNull() {
        return flag(ClientKeyword.STDIN_NULL);
    }

    public boolean forkAfterAuthentication() {
        return flag(ClientKeyword.FORK_AFTER_AUTHENTICATION);
    }

    public boolean tcpKeepAlive() {
        return flag(ClientKeyword.TCP_KEEP_ALIVE);
    }

    /** What ssh would log while reading (deprecated or unsupported keywords), in order. */
    public List<String> notes() {
        return notes;
    }

    /** The value of a %-token for this destination (%C %d %h %i %k %L %l %n %p %r %u %j). */
    public String token(char key) {
        String v = keys.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown token %" + key);
        }
        return v;
    }

    /** The effective configuration in {@code ssh -G}'s format, one {@code keyword value} a line. */
    public String dump() {
        return ClientDump.dump(o, hostArg, host);
    }

    private boolean flag(ClientKeyword k) {
        return o.intOr(k, 0) != 0;
    }
}
