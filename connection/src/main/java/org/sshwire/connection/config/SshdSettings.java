package org.sshwire.connection.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The effective sshd_config settings for one connection (or for none): every keyword sshwire
 * implements, typed, defaults filled in as sshd fills them, algorithm lists assembled against
 * sshwire's defaults. {@link #dump()} prints them as {@code sshd -T} does.
 */
public final class SshdSettings {
    private final Options o;

    SshdSettings(Options o) {
        this.o = o;
    }

    /** PermitRootLogin; {@code prohibit-password} and its old name {@code without-password} are one. */
    public enum PermitRootLogin { YES, PROHIBIT_PASSWORD, FORCED_COMMANDS_ONLY, NO }

    /** AllowTcpForwarding / AllowStreamLocalForwarding. */
    public enum Forwarding { YES, NO, LOCAL, REMOTE }

    /** GatewayPorts. */
    public enum GatewayPorts { NO, YES, CLIENTSPECIFIED }

    /** MaxStartups start:rate:full. */
    public record MaxStartups(int start, int rate, int full) {
    }

    /** PerSourceNetBlockSize: the prefix lengths that group sources. */
    public record NetBlockSize(int ipv4, int ipv6) {
    }

    /** PerSourcePenalties (OpenSSH 9.8, fields of 10.x): seconds per event, bounds, table sizes, overflow policies. */
    public record PerSourcePenalties(boolean enabled, int crash, int authfail, int noauth, int invalidUser,
            int graceExceeded, int refuseConnection, int max, int min, int maxSources4, int maxSources6,
            String overflow, String overflow6) {
    }

    /** A Subsystem: its name, the program, and the whole command line (program and arguments). */
    public record Subsystem(String name, String command, String commandLine) {
        /** {@code internal-sftp}: served in-process, not by running a program. */
        public boolean isInternalSftp() {
            return command.equals("internal-sftp");
        }
    }

    public List<Integer> ports() {
        return List.copyOf(o.<Integer>list("port"));
    }

    /** {@code any}, {@code inet} or {@code inet6}. */
    public String addressFamily() {
        return str("addressfamily");
    }

    /**
     * The addresses to listen on, resolved as sshd resolves them (each ListenAddress with each
     * Port unless it names one; none given: the wildcard of each family); in sshd's order.
     *
     * @throws SshdConfigException a name that does not resolve (sshd: "bad addr or host")
     */
    public List<InetSocketAddress> listenAddresses() {
        return Listen.resolve(o.list("listenaddress"), ports(), addressFamily());
    }

    public List<Path> hostKeys() {
        return o.<String>list("hostkey").stream().map(Path::of).toList();
    }

    public List<Path> hostCertificates() {
        return o.<String>list("hostcertificate").stream().map(Path::of).toList();
    }

    /** AuthorizedKeysFile, tokens such as {@code %h} and {@code %u} not yet expanded; "none" disables. */
    public List<String> authorizedKeysFiles() {
        return List.copyOf(o.<String>list("authorizedkeysfile"));
    }

    public Optional<String> authorizedPrincipalsFile() {
        return opt("authorizedprincipalsfile");
    }

    public Optional<Path> trustedUserCAKeys() {
        return opt("trustedusercakeys").map(Path::of);
    }

    public Optional<Path> revokedKeys() {
        return opt("revokedkeys").map(Path::of);
    }

    public Optional<Path> banner() {
        return opt("banner").map(Path::of);
    }

    public Optional<String> forceCommand() {
        return opt("forcecommand");
    }

    public Optional<String> chrootDirectory() {
        return opt("chrootdirectory");
    }

    public Optional<Path> pidFile() {
        return opt("pidfile").map(Path::of);
    }

    /** AuthenticationMethods: each list's methods must all succeed; empty means any single method. */
    public List<List<String>> authenticationMethods() {
        List<String> l = o.list("authenticationmethods");
        if (l.size() == 1 && l.get(0).equals("any")) {
            return List.of();
        }
        return l.stream().map(s -> List.of(s.split(","))).toList();
    }

    public boolean pubkeyAuthentication() {
        return yes("pubkeyauthentication");
    }

    public boolean passwordAuthentication() {
        return yes("passwordauthentication");
    }

    public boolean kbdInteractiveAuthentication() {
        return yes("kbdinteractiveauthentication");
    }

    public boolean permitEmptyPasswords() {
        return yes("permitemptypasswords");
    }

    public PermitRootLogin permitRootLogin() {
        return switch (str("permitrootlogin")) {
            case "yes" -> PermitRootLogin.YES;
            case "no" -> PermitRootLogin.NO;
            case "forced-commands-only" -> PermitRootLogin.FORCED_COMMANDS_ONLY;
            default -> PermitRootLogin.PROHIBIT_PASSWORD;
        };
    }

    public List<String> allowUsers() {
        return List.copyOf(o.<String>list("allowusers"));
    }

    public List<String> denyUsers() {
        return List.copyOf(o.<String>list("denyusers"));
    }

    public List<String> allowGroups() {
        return List.copyOf(o.<String>list("allowgroups"));
    }

    public List<String> denyGroups() {
        return List.copyOf(o.<String>list("denygroups"));
    }

    /**
     * Whether AllowUsers, DenyUsers, AllowGroups and DenyGroups let {@code user} log in, as sshd's
     * {@code allowed_user}: DenyUsers first, then AllowUsers, then the groups. A
     * {@code USER@HOST} pattern's host part is matched against {@code host} and {@code address}
     * (with sshd's default {@code UseDNS no} the host is the address).
     *
     * <pre>{@code
     * Optional<String> why = settings.userRefusal("alice", List.of("alice", "staff"), "192.0.2.7", "192.0.2.7");
     * why.ifPresent(log::info);   // "User alice from 192.0.2.7 not allowed because not listed in AllowUsers"
     * }</pre>
     *
     * @param groups the user's primary and supplementary groups (null or empty: none)
     * @return why not, in sshd's log wording; empty if the user is allowed
     */
    public Optional<String> userRefusal(String user, List<String> groups, String host, String address) {
        return AllowedUser.refusal(this, user, groups, host, address);
    }

    public List<String> acceptEnv() {
        return List.copyOf(o.<String>list("acceptenv"));
    }

    /** SetEnv, name to value, in order. */
    public Map<String, String> setEnv() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : o.<String>list("setenv")) {
            int eq = s.indexOf('=');
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return m;
    }

    /** Subsystems by name. */
    public Map<String, Subsystem> subsystems() {
        Map<String, Subsystem> m = new LinkedHashMap<>();
        o.subsystems().forEach((k, v) -> m.put(k, new Subsystem(v.name(), v.command(), v.commandLine())));
        return m;
    }

    public int maxAuthTries() {
        return integer("maxauthtries");
    }

    public int maxSessions() {
        return integer("maxsessions");
    }

    public MaxStartups maxStartups() {
        int[] v = (int[]) o.get("maxstartups");
        return new MaxStartups(v[0], v[1], v[2]);
    }

    public Duration loginGraceTime() {
        return Duration.ofSeconds(integer("logingracetime"));
    }

    public Duration clientAliveInterval() {
        return Duration.ofSeconds(integer("clientaliveinterval"));
    }

    public int clientAliveCountMax() {
        return integer("clientalivecountmax");
    }

    /** PermitOpen: {@code host:port} entries, or just "any" or "none". */
    public List<String> permitOpen() {
        List<String> l = o.list("permitopen");
        return l.isEmpty() ? List.of("any") : List.copyOf(l);
    }

    /** PermitListen: {@code host:port} entries ({@code *:port} for a bare port), or "any" or "none". */
    public List<String> permitListen() {
        List<String> l = o.list("permitlisten");
        return l.isEmpty() ? List.of("any") : List.copyOf(l);
    }

    public Forwarding allowTcpForwarding() {
        return Forwarding.valueOf(str("allowtcpforwarding").toUpperCase(Locale.ROOT));
    }

    public Forwarding allowStreamLocalForwarding() {
        return Forwarding.valueOf(str("allowstreamlocalforwarding").toUpperCase(Locale.ROOT));
    }

    public boolean streamLocalBindUnlink() {
        return yes("streamlocalbindunlink");
    }

    public int streamLocalBindMask() {
        return integer("streamlocalbindmask");
    }

    public boolean allowAgentForwarding() {
        return yes("allowagentforwarding");
    }

    public boolean disableForwarding() {
        return yes("disableforwarding");
    }

    public GatewayPorts gatewayPorts() {
        return GatewayPorts.valueOf(str("gatewayports").toUpperCase(Locale.ROOT));
    }

    public boolean permitTty() {
        return yes("permittty");
    }

    /** PermitUserEnvironment: "yes", "no", or a pattern-list of variable names. */
    public String permitUserEnvironment() {
        return str("permituserenvironment");
    }

    public List<String> ciphers() {
        return algorithms(Algorithms.CIPHERS);
    }

    public List<String> macs() {
        return algorithms(Algorithms.MACS);
    }

    public List<String> kexAlgorithms() {
        return algorithms(Algorithms.KEX);
    }

    public List<String> hostKeyAlgorithms() {
        return algorithms(Algorithms.HOST_KEY);
    }

    public List<String> pubkeyAcceptedAlgorithms() {
        return algorithms(Algorithms.PUBKEY);
    }

    public List<String> caSignatureAlgorithms() {
        return algorithms(Algorithms.CA_SIGNATURE);
    }

    /** RekeyLimit's data part in bytes; 0 is the cipher's default. */
    public long rekeyLimitBytes() {
        return (Long) o.get("rekeylimit");
    }

    /** RekeyLimit's time part; zero is none. */
    public Duration rekeyLimitInterval() {
        return Duration.ofSeconds(integer("rekeyinterval"));
    }

    /** ChannelTimeout: channel type pattern to idle time, in order. */
    public Map<String, Duration> channelTimeouts() {
        Map<String, Duration> m = new LinkedHashMap<>();
        for (String s : o.<String>list("channeltimeout")) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                m.put(s.substring(0, eq), Duration.ofSeconds(Scalars.convtime(s.substring(eq + 1))));
            }
        }
        return m;
    }

    /** UnusedConnectionTimeout; empty is none. */
    public Optional<Duration> unusedConnectionTimeout() {
        int v = integer("unusedconnectiontimeout");
        return v == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(v));
    }

    /** LogLevel as sshd 9.2 prints it: SILENT (for QUIET), FATAL, ERROR, INFO, VERBOSE, DEBUG, DEBUG2, DEBUG3. */
    public String logLevel() {
        return str("loglevel");
    }

    /** PerSourceMaxStartups; empty is none. */
    public Optional<Integer> perSourceMaxStartups() {
        int v = integer("persourcemaxstartups");
        return v == Integer.MAX_VALUE ? Optional.empty() : Optional.of(v);
    }

    public NetBlockSize perSourceNetBlockSize() {
        int[] v = (int[]) o.get("persourcenetblocksize");
        return new NetBlockSize(v[0], v[1]);
    }

    public PerSourcePenalties perSourcePenalties() {
        Object[] f = new Object[Directives.PENALTY_FIELDS.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = o.get("persourcepenalties." + Directives.PENALTY_FIELDS[i]);
        }
        return new PerSourcePenalties((Boolean) o.get("persourcepenalties"), (Integer) f[0], (Integer) f[1],
                (Integer) f[2], (Integer) f[3], (Integer) f[4], (Integer) f[5], (Integer) f[6], (Integer) f[7],
                (Integer) f[8], (Integer) f[9], (String) f[10], (String) f[11]);
    }

    /** Compression: "yes" (after authentication, sshd's "delayed") or "no". */
    public boolean compression() {
        return yes("compression");
    }

    public boolean strictModes() {
        return yes("strictmodes");
    }

    public boolean printMotd() {
        return yes("printmotd");
    }

    public boolean printLastLog() {
        return yes("printlastlog");
    }

    public boolean tcpKeepAlive() {
        return yes("tcpkeepalive");
    }

    /** VersionAddendum; empty is none. */
    public String versionAddendum() {
        return str("versionaddendum");
    }

    /** What {@code sshd -T} prints for these settings, for the keywords sshwire implements. */
    public String dump() {
        return DumpConfig.dump(this, o);
    }

    List<String> algorithms(Algorithms a) {
        List<String> l = a.assemble((String) o.get(a.option));
        if (l == null) {
            throw new SshdConfigException("assemble_algorithms: " + a.option + ": invalid argument");
        }
        return l;
    }

    private String str(String k) {
        return (String) o.get(k);
    }

    private boolean yes(String k) {
        return "yes".equals(o.get(k));
    }

    private int integer(String k) {
        return (Integer) o.get(k);
    }

    private Optional<String> opt(String k) {
        Object v = o.get(k);
        return v instanceof String s && !s.equalsIgnoreCase("none") ? Optional.of(s) : Optional.empty();
    }
}
