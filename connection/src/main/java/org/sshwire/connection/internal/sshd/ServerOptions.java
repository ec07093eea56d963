package org.sshwire.connection.internal.sshd;

import org.sshwire.connection.config.SshdConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.config.SshdSettings;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.connection.server.ForwardingPolicy;
import org.sshwire.connection.server.MaxStartups;
import org.sshwire.connection.server.PerSourcePenalties;
import org.sshwire.connection.server.SshServer;
import org.sshwire.connection.internal.server.SshdTime;
import org.sshwire.transport.internal.AlgorithmList;
import org.sshwire.transport.RekeyPolicy;
import org.sshwire.transport.TransportConfig;

/**
 * {@code -o Name=value} with sshd_config(5)'s names. Algorithm lists take OpenSSH's prefixes:
 * {@code +} appends to the default, {@code -} removes, {@code ^} puts first.
 */
final class ServerOptions {
    private ServerOptions() {
    }

    /** The options that shape each connection's transport. */
    static void applyTransport(Map<String, String> options, TransportConfig.Builder transport, List<String> hostKeyAlgorithms) {
        transport.compression(compression(find(options, "Compression")));
        for (Map.Entry<String, String> o : options.entrySet()) {
            String v = o.getValue();
            switch (o.getKey().toLowerCase(Locale.ROOT)) {
                case "kexalgorithms" -> transport.kexAlgorithms(list(TransportConfig.DEFAULT_KEX, v));
                case "ciphers" -> transport.ciphers(list(TransportConfig.DEFAULT_CIPHERS, v));
                case "macs" -> transport.macs(list(TransportConfig.DEFAULT_MACS, v));
                case "hostkeyalgorithms" -> transport.hostKeyAlgorithms(list(hostKeyAlgorithms, v));
                case "rekeylimit" -> transport.rekey(rekey(v));
                // RFC 8308 §3.1: announce what user authentication accepts, plain algorithms only (as sshd).
                case "pubkeyacceptedalgorithms" -> transport.serverSigAlgs(
                        publicKeyAlgorithms(v).stream().filter(a -> !a.contains("-cert-")).toList());
                default -> {
                    // not a transport option
                }
            }
        }
    }

    /**
     * sshd_config(5) {@code Compression yes|delayed|no}: yes (sshd's default; delayed is its
     * synonym) offers {@code zlib@openssh.com} after authentication, no offers none. sshwire also
     * takes a comma-separated list of wire names, e.g. {@code zlib,none} for compression from the
     * first encrypted packet, which sshd no longer offers.
     */
    static List<String> compression(String v) {
        if (v == null || v.strip().equalsIgnoreCase("yes") || v.strip().equalsIgnoreCase("delayed")) {
            return TransportConfig.SERVER_COMPRESSION_YES;
        }
        if (v.strip().equalsIgnoreCase("no")) {
            return TransportConfig.DEFAULT_COMPRESSION;
        }
        List<String> names = Arrays.stream(v.strip().split(",")).map(String::strip).toList();
        for (String n : names) {
            if (org.sshwire.transport.internal.packet.CompressionAlgorithm.byName(n) == null) {
                throw new SshdConfigException("Compression wants yes, delayed, no or a list of none, zlib@openssh.com, zlib; not " + v);
            }
        }
        return names;
    }

    /** The options that shape user authentication. */
    static void applyAuth(Map<String, String> options, ServerAuthConfig.Builder auth) {
        for (Map.Entry<String, String> o : options.entrySet()) {
            String v = o.getValue();
            switch (o.getKey().toLowerCase(Locale.ROOT)) {
                case "maxauthtries" -> auth.maxAuthTries(number(o.getKey(), v));
                case "logingracetime" -> auth.graceTime(time(o.getKey(), v));
                case "pubkeyacceptedalgorithms" -> auth.publicKeyAlgorithms(publicKeyAlgorithms(v));
                case "pubkeyauthoptions" -> pubkeyAuthOptions(v, auth);
                default -> {
                    // not an authentication option
                }
            }
        }
    }

    /**
     * sshd's default PubkeyAcceptedAlgorithms (myproposal.h KEX_DEFAULT_PK_ALG): the host-key
     * list with the FIDO security-key algorithms in OpenSSH's places, which +/-/^ edit.
     */
    static final List<String> DEFAULT_PUBKEY_ACCEPTED = List.of(
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512", "rsa-sha2-256");

    private static List<String> publicKeyAlgorithms(String v) {
        return list(DEFAULT_PUBKEY_ACCEPTED, v);
    }

    /** PubkeyAuthOptions: none, or touch-required and/or verify-required (sshd_config(5)). */
    private static void pubkeyAuthOptions(String v, ServerAuthConfig.Builder auth) {
        boolean touch = false;
        boolean verify = false;
        for (String w : v.strip().split("[ ,]+")) {
            switch (w.toLowerCase(Locale.ROOT)) {
                case "none" -> {
                }
                case "touch-required" -> touch = true;
                case "verify-required" -> verify = true;
                default -> throw new SshdConfigException("PubkeyAuthOptions wants none, touch-required or verify-required; not " + w);
            }
        }
        auth.pubkeyAuthOptions(touch, verify);
    }

    /**
     * The limits that keep a server up, in sshd_config(5)'s syntax, sshd's defaults when absent:
     * MaxStartups, PerSourceMaxStartups, PerSourceNetBlockSize, PerSourcePenalties,
     * PerSourcePenaltyExemptList, MaxSessions, ChannelTimeout and UnusedConnectionTimeout.
     */
    static SshServer.Builder applyLimits(Map<String, String> options, SshServer.Builder server) {
        server.maxStartups(maxStartups(options));
        try {
            for (Map.Entry<String, String> o : options.entrySet()) {
                String v = o.getValue().strip();
                switch (o.getKey().toLowerCase(Locale.ROOT)) {
                    case "maxsessions" -> server.maxSessions(number(o.getKey(), v));
                    case "persourcemaxstartups" -> server.perSourceMaxStartups(v.equalsIgnoreCase("none") ? 0 : number(o.getKey(), v));
                    case "persourcenetblocksize" -> {
                        String[] bits = v.split(":");
                        server.perSourceNetBlockSize(number(o.getKey(), bits[0]), bits.length > 1 ? number(o.getKey(), bits[1]) : 128);
                    }
                    case "persourcepenalties" -> server.perSourcePenalties(PerSourcePenalties.parse(v));
                    case "persourcepenaltyexemptlist" -> server.perSourcePenaltyExemptList(v);
                    case "channeltimeout" -> server.channelTimeout(v);
                    case "unusedconnectiontimeout" -> server.unusedConnectionTimeout(
                            v.equalsIgnoreCase("none") ? Duration.ZERO : time(o.getKey(), v));
                    default -> {
                        // not a limit
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new SshdConfigException(e.getMessage());
        }
        return server;
    }

    /** {@code MaxStartups start[:rate:full]}; OpenSSH's syntax, our default when absent. */
    static MaxStartups maxStartups(Map<String, String> options) {
        String v = find(options, "MaxStartups");
        try {
            return v == null ? MaxStartups.DEFAULT : MaxStartups.parse(v);
        } catch (IllegalArgumentException e) {
            throw new SshdConfigException(e.getMessage());
        }
    }

    /**
     * {@code AllowTcpForwarding} and {@code AllowStreamLocalForwarding} {@code yes|all|local|remote|no}
     * (default yes, as sshd), {@code GatewayPorts no|yes|clientspecified} (default no: remote
     * forwards listen on loopback only; yes and clientspecified let the client name the address),
     * {@code DisableForwarding} (all of them off) and {@code StreamLocalBindUnlink no|yes}
     * (default no). The settings are those of each forward's login, Match blocks applied.
     */
    static ForwardingPolicy forwarding(Function<SshConnection, SshdSettings> settingsOf, boolean bindUnlink) {
        return ForwardingPolicy.of(
                        (c, h, p) -> tcp(settingsOf.apply(c), SshdSettings.Forwarding.LOCAL),
                        (c, h, p) -> {
                            SshdSettings s = settingsOf.apply(c);
                            return tcp(s, SshdSettings.Forwarding.REMOTE) && (s.gatewayPorts() != SshdSettings.GatewayPorts.NO
                                    || h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1"));
                        })
                .withStreamLocal((c, path) -> streamLocal(settingsOf.apply(c), SshdSettings.Forwarding.LOCAL),
                        (c, path) -> streamLocal(settingsOf.apply(c), SshdSettings.Forwarding.REMOTE))
                .withStreamLocalBindUnlink(bindUnlink)
                .withAgentForwarding(c -> {
                    SshdSettings s = settingsOf.apply(c);
                    return !s.disableForwarding() && s.allowAgentForwarding(); // sshd's default: yes
                });
    }

    private static boolean tcp(SshdSettings s, SshdSettings.Forwarding direction) {
        return !s.disableForwarding() && allows(s.allowTcpForwarding(), direction);
    }

    private static boolean streamLocal(SshdSettings s, SshdSettings.Forwarding direction) {
        return !s.disableForwarding() && allows(s.allowStreamLocalForwarding(), direction);
    }

    private static boolean allows(SshdSettings.Forwarding setting, SshdSettings.Forwarding direction) {
        return setting == SshdSettings.Forwarding.YES || setting == direction;
    }

    /** sshd's StrictModes (default yes): key files others could write are ignored. */
    static boolean strictModes(Map<String, String> options) {
        return yes(options, "StrictModes", true);
    }

    /** sshd's AcceptEnv: space- or comma-separated patterns; Debian's LANG LC_* when absent. */
    static List<String> acceptEnv(Map<String, String> options) {
        String v = find(options, "AcceptEnv");
        return v == null ? List.of("LANG", "LC_*") : Arrays.stream(v.strip().split("[\\s,]+")).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * {@code RoundTripProbe yes|no}, sshwire's own (default yes): time the round trip after login
     * with an OpenSSH client and send at most 512 KiB ahead on short ones ({@code SshServer.Builder#roundTripProbe}).
     */
    static boolean roundTripProbe(Map<String, String> options) {
        return yes(options, "RoundTripProbe", true);
    }

    /** {@code yes|no}, or {@code absent} when the option is not given. */
    private static boolean yes(Map<String, String> options, String name, boolean absent) {
        String v = find(options, name);
        if (v == null) {
            return absent;
        }
        if (v.strip().equalsIgnoreCase("no")) {
            return false;
        }
        if (v.strip().equalsIgnoreCase("yes")) {
            return true;
        }
        throw new SshdConfigException(name + " wants yes or no, not " + v);
    }

    /** The value of an {@code -o} option; names are case-insensitive, as in ssh_config and sshd_config. */
    static String find(Map<String, String> options, String name) {
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (o.getKey().equalsIgnoreCase(name)) {
                return o.getValue();
            }
        }
        return null;
    }

    /** OpenSSH's list syntax (sshd_config(5) KexAlgorithms): see {@link AlgorithmList}. */
    static List<String> list(List<String> defaults, String v) {
        return AlgorithmList.edit(defaults, v);
    }

    private static int number(String name, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new SshdConfigException(name + " needs a number, not " + v);
        }
    }

    /** {@code RekeyLimit bytes [time]}, e.g. {@code 1G 1h} or {@code default none}. */
    static RekeyPolicy rekey(String v) {
        String[] parts = v.strip().split("\\s+");
        long bytes = parts[0].equals("default") ? -1 : size(parts[0]);
        Duration time = parts.length < 2 || parts[1].equals("none") ? Duration.ZERO : Duration.ofSeconds(seconds(parts[1]));
        return new RekeyPolicy(bytes, RekeyPolicy.DEFAULT.packets(), time);
    }

    private static long size(String s) {
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        long mult = unit == 'K' ? 1L << 10 : unit == 'M' ? 1L << 20 : unit == 'G' ? 1L << 30 : 1;
        return Long.parseLong(mult == 1 ? s : s.substring(0, s.length() - 1)) * mult;
    }

    /** sshd_config(5) TIME FORMATS ({@code 120}, {@code 2m}, {@code 1h30m}); zero stays zero. */
    static Duration time(String name, String v) {
        try {
            return SshdTime.parse(v);
        } catch (IllegalArgumentException e) {
            throw new SshdConfigException(name + ": " + e.getMessage());
        }
    }

    private static long seconds(String s) {
        char unit = Character.toLowerCase(s.charAt(s.length() - 1));
        long mult = unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : unit == 'w' ? 604800 : 1;
        return Long.parseLong(Character.isDigit(unit) ? s : s.substring(0, s.length() - 1)) * mult;
    }
}
