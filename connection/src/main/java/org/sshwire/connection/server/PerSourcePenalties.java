package org.sshwire.connection.server;

import java.time.Duration;
import java.util.Locale;
import org.sshwire.connection.internal.server.SshdTime;

/**
 * OpenSSH 9.8's PerSourcePenalties (sshd_config(5)): a source address whose connections end
 * badly before authentication collects penalty time, and once it holds more than {@code min}
 * its new connections are refused at accept until the time runs out. Offences add up, capped at
 * {@code max}. Defaults are sshd's (servconf.c fill_default_server_options): authfail 5 s (left
 * after failed authentication attempts), noauth 1 s (left without attempting any), grace-exceeded
 * 20 s (held past LoginGraceTime), crash 90 s (not applicable here: no session process of ours can
 * crash, kept for the syntax), min 15 s, max 600 s, at most 65536 sources per address family, and
 * on overflow the permissive mode (forget the soonest-expiring penalties).
 *
 * <pre>{@code
 * SshServer.builder().perSourcePenalties(PerSourcePenalties.parse("authfail:30s max:1h"));
 * SshServer.builder().perSourcePenalties(PerSourcePenalties.OFF);
 * }</pre>
 */
public record PerSourcePenalties(boolean enabled, Duration crash, Duration authfail, Duration noauth,
        Duration graceExceeded, Duration min, Duration max, int maxSources4, int maxSources6,
        boolean overflowDenyAll4, boolean overflowDenyAll6) {

    public static final PerSourcePenalties DEFAULT = new PerSourcePenalties(true, Duration.ofSeconds(90),
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(15),
            Duration.ofSeconds(600), 65536, 65536, false, false);

    /** {@code PerSourcePenalties no}. */
    public static final PerSourcePenalties OFF = DEFAULT.withEnabled(false);

    public PerSourcePenalties {
        for (Duration d : new Duration[] {crash, authfail, noauth, graceExceeded, min, max}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("penalty durations must be zero or more");
            }
        }
        if (maxSources4 < 1 || maxSources6 < 1) {
            throw new IllegalArgumentException("max-sources must be positive");
        }
    }

    public PerSourcePenalties withEnabled(boolean on) {
        return new PerSourcePenalties(on, crash, authfail, noauth, graceExceeded, min, max, maxSources4, maxSources6,
                overflowDenyAll4, overflowDenyAll6);
    }

    /**
     * sshd_config syntax: {@code yes}, {@code no}, or keywords on top of the defaults, e.g.
     * {@code "authfail:1m noauth:5s max:2h overflow:deny-all"}. As in sshd, {@code overflow6}
     * follows {@code overflow} unless given.
     *
     * @throws IllegalArgumentException for an unknown keyword or a bad value
     */
    public static PerSourcePenalties parse(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("no")) {
            return OFF;
        }
        if (v.equalsIgnoreCase("yes")) {
            return DEFAULT;
        }
        PerSourcePenalties d = DEFAULT;
        Duration crash = d.crash;
        Duration authfail = d.authfail;
        Duration noauth = d.noauth;
        Duration grace = d.graceExceeded;
        Duration min = d.min;
        Duration max = d.max;
        int sources4 = d.maxSources4;
        int sources6 = d.maxSources6;
        Boolean deny4 = null;
        Boolean deny6 = null;
        for (String word : v.split("\\s+")) {
            int colon = word.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("PerSourcePenalties: " + word + " is not keyword:value");
            }
            String key = word.substring(0, colon).toLowerCase(Locale.ROOT);
            String arg = word.substring(colon + 1);
            switch (key) {
                case "crash" -> crash = SshdTime.parse(arg);
                case "authfail" -> authfail = SshdTime.parse(arg);
                case "noauth" -> noauth = SshdTime.parse(arg);
                case "grace-exceeded" -> grace = SshdTime.parse(arg);
                case "min" -> min = SshdTime.parse(arg);
                case "max" -> max = SshdTime.parse(arg);
                case "max-sources4" -> sources4 = count(word, arg);
                case "max-sources6" -> sources6 = count(word, arg);
                case "overflow" -> deny4 = overflow(word, arg);
                case "overflow6" -> deny6 = overflow(word, arg);
                default -> throw new IllegalArgumentException("PerSourcePenalties: unsupported keyword " + key);
            }
        }
        boolean d4 = deny4 != null && deny4;
        return new PerSourcePenalties(true, crash, authfail, noauth, grace, min, max, sources4, sources6, d4,
                deny6 != null ? deny6 : d4);
    }

    private static int count(String word, String arg) {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PerSourcePenalties: " + word + " wants a number", e);
        }
    }

    private static boolean overflow(String word, String arg) {
        if (arg.equalsIgnoreCase("deny-all")) {
            return true;
        }
        if (arg.equalsIgnoreCase("permissive")) {
            return false;
        }
        throw new IllegalArgumentException("PerSourcePenalties: " + word + " wants deny-all or permissive");
    }
}
