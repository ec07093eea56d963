package org.sshwire.connection.internal.sshd;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sshwire.connection.config.SshdConfig;
import org.sshwire.connection.config.SshdConfigException;
import org.sshwire.connection.config.SshdSettings;

/**
 * A server's sshd_config ({@code SshServer.builder(SshdConfig, ...)}, or {@code sshwire server}'s
 * {@code -o} options and {@code -f} file, the options first so theirs win, as sshd's {@code -o}),
 * every keyword line checked against what the server applies. A keyword is applied to the whole
 * server, applied at each login (and so may be inside Match), accepted only at the value that is
 * what sshwire does anyway, or refused with {@code unsupported keyword X at FILE:LINE} — never
 * silently ignored.
 */
public final class ServerConfiguration {
    /** sshwire's own {@code -o} names, not sshd's: kept out of the sshd_config parser. */
    static final Set<String> OWN = Set.of("roundtripprobe", "persourcepenaltyexemptlist");

    /** Applied at each login from the Match blocks that apply to it (see {@link LoginRules}). */
    static final Set<String> PER_LOGIN = Set.of("forcecommand", "permittty", "allowtcpforwarding",
            "allowstreamlocalforwarding", "gatewayports", "disableforwarding", "passwordauthentication",
            "pubkeyauthentication", "dsaauthentication", "authorizedkeysfile", "allowusers", "denyusers", "allowgroups",
            "denygroups", "permitrootlogin");

    /** Applied to the whole server; outside Match only. */
    static final Set<String> GLOBAL = Set.of("port", "listenaddress", "hostkey", "hostdsakey", "pidfile",
            "logingracetime", "loglevel", "hostkeyalgorithms", "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes",
            "casignaturealgorithms", "kexalgorithms", "ciphers", "macs", "rekeylimit", "compression", "maxauthtries",
            "maxsessions", "maxstartups", "persourcemaxstartups", "persourcenetblocksize", "persourcepenalties",
            "channeltimeout", "unusedconnectiontimeout", "strictmodes", "acceptenv", "streamlocalbindunlink",
            "subsystem", "banner", "clientaliveinterval", "clientalivecountmax", "kbdinteractiveauthentication",
            "challengeresponseauthentication", "skeyauthentication", "authenticationmethods", "trustedusercakeys",
            "printmotd", "setenv", "revokedkeys", "hostcertificate", "pubkeyauthoptions");

    /**
     * Keywords sshd itself ignores, logging "Deprecated option" or "Unsupported option" (servconf.c
     * sDeprecated, sUnsupported): the same line is printed, and nothing else happens, as in sshd.
     */
    static final Map<String, String> IGNORED_BY_SSHD = Map.ofEntries(
            Map.entry("pamauthenticationviakbdint", "Deprecated"), Map.entry("serverkeybits", "Deprecated"),
            Map.entry("keyregenerationinterval", "Deprecated"), Map.entry("rhostsauthentication", "Deprecated"),
            Map.entry("rhostsrsaauthentication", "Deprecated"), Map.entry("rsaauthentication", "Deprecated"),
            Map.entry("kerberostgtpassing", "Unsupported"), Map.entry("afstokenpassing", "Unsupported"),
            Map.entry("gssusesessionccache", "Unsupported"), Map.entry("gssapiusesessioncredcache", "Unsupported"),
            Map.entry("checkmail", "Deprecated"), Map.entry("permitblacklistedkeys", "Deprecated"),
            Map.entry("uselogin", "Deprecated"), Map.entry("protocol", "Deprecated"),
            Map.entry("verifyreversemapping", "Deprecated"), Map.entry("reversemappingcheck", "Deprecated"),
            Map.entry("authorizedkeysfile2", "Deprecated"), Map.entry("useprivilegeseparation", "Deprecated"));

    /**
     * Accepted only at one value, which is what sshwire does (sshd's default unless noted):
     * anything else is refused naming the line.
     */
    static final Map<String, String> ONLY = Map.ofEntries(
            Map.entry("usepam", "no"), // sshwire checks accounts itself; PAM's other modules would be skipped
            Map.entry("hostbasedauthentication", "no"),
            Map.entry("kerberosauthentication", "no"),
            Map.entry("gssapiauthentication", "no"),
            Map.entry("x11forwarding", "no"),
            Map.entry("ignorerhosts", "yes"),
            Map.entry("usedns", "no"),
            Map.entry("permittunnel", "no"),
            Map.entry("printlastlog", "no"), // not sshd's default (yes): sshwire keeps no lastlog
            Map.entry("permitemptypasswords", "no"),
            Map.entry("permituserenvironment", "no"),
            Map.entry("chrootdirectory", "none"),
            Map.entry("authorizedprincipalsfile", "none"),
            Map.entry("versionaddendum", "none"),
            Map.entry("permitopen", "any"),
            Map.entry("permitlisten", "any"),
            Map.entry("addressfamily", "any"),
            Map.entry("tcpkeepalive", "no"), // not sshd's default (yes): sshwire's keepalive is ClientAliveInterval
            Map.entry("keepalive", "no"), // TCPKeepAlive's old name
            Map.entry("streamlocalbindmask", "0177"));

    /** The lists sshd accumulates over lines (the others: the first value obtained wins). */
    private static final Set<String> ACCUMULATING = Set.of("acceptenv");

    public final SshdConfig config;
    /** Whether a file was read ({@code -f}): then sshd's defaults apply to what it leaves out. */
    public final boolean fromFile;
    /** Option name to value as written (arguments space-joined), first wins: what {@link ServerOptions} reads. */
    public final Map<String, String> options;
    /** The global settings (no Match applied). */
    public final SshdSettings global;
    /** sshd's "Deprecated option" / "Unsupported option" lines for keywords it ignores, in file order. */
    public final List<String> warnings;

    private ServerConfiguration(SshdConfig config, boolean fromFile, Map<String, String> options, List<String> warnings) {
        this.warnings = List.copyOf(warnings);
        this.config = config;
        this.fromFile = fromFile;
        this.options = options;
        this.global = config.global();
    }

    /** Every sshd keyword name {@code -o} takes (and sshwire's own). */
    public static Set<String> known() {
        return Stream.of(PER_LOGIN, GLOBAL, ONLY.keySet(), OWN, IGNORED_BY_SSHD.keySet()).flatMap(Set::stream).collect(Collectors.toSet());
    }

    /**
     * Reads {@code file} (null: none) after {@code dashO}, whose names the caller has checked
     * against {@link #known()}: sshwire's own names (and Compression as a list of wire names) are
     * kept out of the sshd_config parser, the rest are parsed as sshd's {@code -o} lines, first.
     *
     * @throws SshdConfigException what the parser or the checks refuse, with sshd's kind of message
     */
    public static ServerConfiguration read(Path file, Map<String, String> dashO) {
        Map<String, String> own = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> o : dashO.entrySet()) {
            String k = o.getKey().toLowerCase(Locale.ROOT);
            if (OWN.contains(k) || k.equals("compression") && !compressionWord(o.getValue())) {
                // sshwire's own names, and Compression as a list of wire names (zlib,none): not sshd syntax
                own.put(o.getKey(), o.getValue());
            } else {
                lines.add(o.getKey() + "=" + o.getValue());
            }
        }
        SshdConfig cfg = file != null ? SshdConfig.load(file, SshdConfig.DEFAULT_BASE_DIR, lines)
                : SshdConfig.parse("", SshdConfig.COMMAND_LINE, SshdConfig.DEFAULT_BASE_DIR, lines);
        return of(cfg, file != null, own);
    }

    /**
     * A parsed configuration, every line checked. {@code fromFile}: sshd's defaults apply to what
     * the configuration leaves out (else {@code sshwire server}'s own, see {@link #explicit}).
     */
    public static ServerConfiguration of(SshdConfig cfg, boolean fromFile, Map<String, String> own) {
        List<String> warnings = check(cfg.directives());
        Map<String, String> options = new LinkedHashMap<>(own);
        for (SshdConfig.Directive d : cfg.directives()) {
            if (d.inMatch()) {
                continue;
            }
            String value = String.join(" ", d.arguments());
            String name = canonical(d.keyword());
            String already = ServerOptions.find(options, name);
            if (already == null) {
                options.put(name, value);
            } else if (ACCUMULATING.contains(name.toLowerCase(Locale.ROOT))) {
                options.put(name, already + " " + value);
            }
        }
        ServerConfiguration c = new ServerConfiguration(cfg, fromFile, options, warnings);
        c.checkListen();
        return c;
    }

    private static boolean compressionWord(String v) {
        return List.of("yes", "no", "delayed").contains(v.strip().toLowerCase(Locale.ROOT));
    }

    /** An alias as the keyword it stands for, for {@link ServerOptions}. */
    private static String canonical(String keyword) {
        return switch (keyword.toLowerCase(Locale.ROOT)) {
            case "pubkeyacceptedkeytypes" -> "PubkeyAcceptedAlgorithms";
            case "challengeresponseauthentication", "skeyauthentication" -> "KbdInteractiveAuthentication";
            case "hostdsakey" -> "HostKey";
            case "dsaauthentication" -> "PubkeyAuthentication";
            default -> keyword;
        };
    }

    /** Each line applied, accepted at its only value, or refused with its file and line. */
    static List<String> check(List<SshdConfig.Directive> directives) {
        List<String> warnings = new ArrayList<>();
        for (SshdConfig.Directive d : directives) {
            String k = d.keyword().toLowerCase(Locale.ROOT);
            String value = String.join(" ", d.arguments());
            if (IGNORED_BY_SSHD.containsKey(k)) {
                // sshd's own words ("FILE line N: Deprecated option X"); it goes on, and so do we.
                warnings.add(d.file() + " line " + d.line() + ": " + IGNORED_BY_SSHD.get(k) + " option " + d.keyword());
            } else if (ONLY.containsKey(k)) {
                if (!value.equalsIgnoreCase(ONLY.get(k))) {
                    throw refuse("unsupported value \"" + value + "\" for " + d.keyword() + " at " + d.at()
                            + " (sshwire implements only " + d.keyword() + " " + ONLY.get(k) + ")");
                }
            } else if (PER_LOGIN.contains(k)) {
                if (k.equals("forcecommand") && d.inMatch() && value.equals("internal-sftp")) {
                    throw refuse("unsupported value \"internal-sftp\" for ForceCommand at " + d.at()
                            + " (sshwire applies ForceCommand internal-sftp only outside Match)");
                }
            } else if (GLOBAL.contains(k)) {
                if (d.inMatch()) {
                    throw refuse("unsupported keyword " + d.keyword() + " at " + d.at()
                            + " (inside Match: sshwire applies it only to the whole server)");
                }
                checkValue(d, k);
            } else {
                throw refuse("unsupported keyword " + d.keyword() + " at " + d.at());
            }
        }
        return warnings;
    }

    private static void checkValue(SshdConfig.Directive d, String k) {
        List<String> a = d.arguments();
        if (k.equals("subsystem") && a.size() > 1 && a.get(1).equals("internal-sftp") && a.size() > 2) {
            throw refuse("unsupported value \"" + String.join(" ", a.subList(1, a.size())) + "\" for Subsystem at "
                    + d.at() + " (sshwire's internal-sftp takes no arguments)");
        }
        if (k.equals("authenticationmethods")) {
            for (String list : a) {
                for (String m : list.split(",")) {
                    String method = m.contains(":") ? m.substring(0, m.indexOf(':')) : m;
                    if (!List.of("any", "publickey", "password", "keyboard-interactive").contains(method)) {
                        throw refuse("unsupported value \"" + m + "\" for AuthenticationMethods at " + d.at()
                                + " (sshwire implements publickey, password and keyboard-interactive)");
                    }
                }
            }
        }
    }

    /** sshwire server listens on one address: more than one ListenAddress/Port is refused at the line that adds it. */
    private void checkListen() {
        if (!explicit("listenaddress") && !explicit("port")) {
            return;
        }
        List<InetSocketAddress> addresses;
        try {
            addresses = global.listenAddresses();
        } catch (SshdConfigException e) {
            throw refuse(e.getMessage());
        }
        boolean wildcard = !explicit("listenaddress");
        if (!wildcard && addresses.size() > 1 || wildcard && global.ports().size() > 1) {
            SshdConfig.Directive last = config.directives().stream()
                    .filter(d -> d.keyword().equalsIgnoreCase("listenaddress") || d.keyword().equalsIgnoreCase("port"))
                    .reduce((x, y) -> y).orElseThrow();
            throw refuse("unsupported keyword " + last.keyword() + " at " + last.at()
                    + " (sshwire server listens on one address and port; this makes " + addresses.size() + ")");
        }
    }

    /** Whether a keyword line (or {@code -o}) set this option outside Match. */
    public boolean explicit(String keyword) {
        return config.directives().stream().anyMatch(d -> !d.inMatch() && canonical(d.keyword()).equalsIgnoreCase(keyword));
    }

    /** Whether any line inside a Match block sets this keyword. */
    public boolean inAnyMatch(String keyword) {
        return config.directives().stream().anyMatch(d -> d.inMatch() && canonical(d.keyword()).equalsIgnoreCase(keyword));
    }

    /** Whether any Match block exists that sets something (then settings are computed at each login). */
    boolean hasMatch() {
        return config.directives().stream().anyMatch(SshdConfig.Directive::inMatch);
    }

    /** The address and port from the configuration, or null to keep the command's own default. */
    public InetSocketAddress listenAddress() {
        if (!fromFile && !explicit("listenaddress") && !explicit("port")) {
            return null;
        }
        if (!explicit("listenaddress")) {
            // sshd listens on every address of both families; sshwire binds one socket: the IPv4 wildcard.
            return new InetSocketAddress("0.0.0.0", global.ports().get(0));
        }
        return global.listenAddresses().get(0);
    }

    static SshdConfigException refuse(String message) {
        return new SshdConfigException(message);
    }
}
