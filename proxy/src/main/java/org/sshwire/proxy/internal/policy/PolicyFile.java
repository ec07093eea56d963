package org.sshwire.proxy.internal.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sshwire.proxy.AccessPolicy;

/**
 * The bastion's policy file, in sshd_config's manner: {@code KEYWORD VALUE} per line, keywords in
 * any case, {@code #} starts a comment line. {@code User} starts a rule (as sshd's
 * {@code Match User}); lines before the first one are the defaults.
 *
 * <pre>
 * MaxSessionTime 8h
 * User alice,ops-*
 *     Target *@db*:22 root@10.0.0.*
 *     Forwarding local,agent
 * User *
 *     Target app@web*
 *     Forwarding none
 *     AllowCommand uptime|df -h
 * </pre>
 */
public final class PolicyFile {
    private PolicyFile() {
    }

    /** Feeds {@code file} into {@code b}; an error names {@code FILE:LINE}. */
    public static AccessPolicy.Builder read(Path file, AccessPolicy.Builder b) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 1; n <= lines.size(); n++) {
            String t = lines.get(n - 1).strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            try {
                line(t, b);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + n + ": " + e.getMessage(), e);
            }
        }
        return b;
    }

    private static void line(String t, AccessPolicy.Builder b) {
        String[] kv = t.split("[\\s=]+", 2); // sshd_config allows "Keyword=value" too
        String keyword = kv[0].toLowerCase(Locale.ROOT);
        String value = kv.length > 1 ? kv[1].strip() : "";
        if (value.isEmpty()) {
            throw new IllegalArgumentException(kv[0] + " needs a value");
        }
        switch (keyword) {
            case "user" -> b.user(list(value));
            case "target" -> b.targets(list(value));
            case "forwarding" -> b.forwarding(forwarding(value));
            case "maxsessiontime" -> b.maxSession(duration(value));
            case "forcecommand" -> b.forceCommand(value);
            case "allowcommand" -> {
                try {
                    b.commands(Pattern.compile(value));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("AllowCommand: bad regular expression: " + e.getDescription() + " near index " + e.getIndex());
                }
            }
            default -> throw new IllegalArgumentException("unknown keyword '" + kv[0]
                    + "' (known: User, Target, Forwarding, MaxSessionTime, AllowCommand, ForceCommand)");
        }
    }

    /** Patterns separated by commas and/or blanks. */
    private static String[] list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out.toArray(String[]::new);
    }

    static AccessPolicy.Forwarding[] forwarding(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.equals("no")) {
            return new AccessPolicy.Forwarding[0];
        }
        if (v.equals("all") || v.equals("yes")) {
            return AccessPolicy.Forwarding.values();
        }
        List<AccessPolicy.Forwarding> kinds = new ArrayList<>();
        for (String k : list(v)) {
            AccessPolicy.Forwarding f = null;
            for (AccessPolicy.Forwarding x : AccessPolicy.Forwarding.values()) {
                if (x.keyword().equals(k)) {
                    f = x;
                }
            }
            if (f == null) {
                throw new IllegalArgumentException("Forwarding: unknown kind '" + k + "' (none, all, or a list of local, remote, streamlocal, agent)");
            }
            kinds.add(f);
        }
        return kinds.toArray(AccessPolicy.Forwarding[]::new);
    }

    /**
     * sshd's time format ({@code misc.c convtime}): numbers each with an optional unit
     * {@code s m h d w} (none is seconds), summed: {@code 90}, {@code 1h30m}; {@code none} or 0 is no limit.
     */
    static Duration duration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("none")) {
            return Duration.ZERO;
        }
        if (!v.matches("([0-9]+[smhdw]?)+")) {
            throw new IllegalArgumentException("MaxSessionTime: '" + value + "' is not a time such as 90, 30m or 1h30m");
        }
        long seconds = 0;
        java.util.regex.Matcher m = Pattern.compile("([0-9]+)([smhdw]?)").matcher(v);
        while (m.find()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MaxSessionTime: '" + value + "' is too long a time");
            }
            long unit = switch (m.group(2)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                case "w" -> 604800;
                default -> 1;
            };
            if (n > Integer.MAX_VALUE / unit || seconds + n * unit > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("MaxSessionTime: '" + value + "' is too long a time"); // sshd's limit: INT_MAX seconds
            }
            seconds += n * unit;
        }
        return Duration.ofSeconds(seconds);
    }

    /** A duration the way the file writes it: {@code 90s} as {@code 1m30s}, {@code 2h}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        long[] units = {604800, 86400, 3600, 60, 1};
        String[] names = {"w", "d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.length() == 0 ? "0s" : b.toString();
    }
}
