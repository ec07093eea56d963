package org.sshwire.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.transport.RekeyPolicy;
import org.sshwire.transport.TransportConfig;

/**
 * {@code -o Name=value} with sshd_config(5)'s names. Algorithm lists take OpenSSH's prefixes:
 * {@code +} appends to the default, {@code -} removes, {@code ^} puts first.
 */
final class ServerOptions {
    private ServerOptions() {
    }

    static void apply(Map<String, String> options, TransportConfig.Builder transport, ServerAuthConfig.Builder auth,
                      List<String> hostKeyAlgorithms) {
        for (Map.Entry<String, String> o : options.entrySet()) {
            String v = o.getValue();
            switch (o.getKey().toLowerCase(Locale.ROOT)) {
                case "kexalgorithms" -> transport.kexAlgorithms(list(TransportConfig.DEFAULT_KEX, v));
                case "ciphers" -> transport.ciphers(list(TransportConfig.DEFAULT_CIPHERS, v));
                case "macs" -> transport.macs(list(TransportConfig.DEFAULT_MACS, v));
                case "hostkeyalgorithms" -> transport.hostKeyAlgorithms(list(hostKeyAlgorithms, v));
                case "maxauthtries" -> auth.maxAuthTries(number(o.getKey(), v));
                case "logingracetime" -> auth.graceTime(Duration.ofSeconds(number(o.getKey(), v)));
                case "rekeylimit" -> transport.rekey(rekey(v));
                case "pubkeyacceptedalgorithms", "maxstartups" -> {
                    // accepted for sshd_config compatibility; see the README for what they map to
                }
                default -> throw UserErrors.fail("unsupported option " + o.getKey() + " (see sshwire server --help)");
            }
        }
    }

    /** OpenSSH's list syntax (sshd_config(5) KexAlgorithms). */
    static List<String> list(List<String> defaults, String v) {
        List<String> given = Arrays.asList(v.substring(v.startsWith("+") || v.startsWith("-") || v.startsWith("^") ? 1 : 0).split(","));
        List<String> out = new ArrayList<>(defaults);
        if (v.startsWith("+")) {
            given.stream().filter(n -> !out.contains(n)).forEach(out::add);
            return out;
        }
        if (v.startsWith("-")) {
            out.removeAll(given);
            return out;
        }
        if (v.startsWith("^")) {
            out.removeAll(given);
            List<String> first = new ArrayList<>(given);
            first.addAll(out);
            return first;
        }
        return given;
    }

    private static int number(String name, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw UserErrors.fail(name + " needs a number, not " + v);
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

    private static long seconds(String s) {
        char unit = Character.toLowerCase(s.charAt(s.length() - 1));
        long mult = unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : unit == 'w' ? 604800 : 1;
        return Long.parseLong(Character.isDigit(unit) ? s : s.substring(0, s.length() - 1)) * mult;
    }
}
