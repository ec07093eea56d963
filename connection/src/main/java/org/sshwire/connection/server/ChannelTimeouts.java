package org.sshwire.connection.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.auth.internal.Wildcards;
import org.sshwire.connection.internal.server.SshdTime;

/**
 * OpenSSH ChannelTimeout (sshd_config(5), 9.2+): {@code type=interval} pairs; a channel whose
 * {@link org.sshwire.connection.channel.Channel#timeoutType()} matches a pattern (with {@code *}
 * and {@code ?} wildcards, first match wins, as channels.c channel_lookup_timeout) is closed after
 * that long without traffic; {@code global} (never matched by a wildcard) closes every channel
 * once none has had traffic for its interval. Zero disables a pattern.
 */
final class ChannelTimeouts {
    static final ChannelTimeouts NONE = new ChannelTimeouts(List.of(), null);

    record Rule(String pattern, Duration interval) {
    }

    private final List<Rule> rules;
    private final Duration global;

    private ChannelTimeouts(List<Rule> rules, Duration global) {
        this.rules = List.copyOf(rules);
        this.global = global;
    }

    /** @throws IllegalArgumentException for a pair that is not {@code type=interval} */
    static ChannelTimeouts parse(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        Duration global = null;
        for (String pair : spec.strip().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("ChannelTimeout wants type=interval, not " + pair);
            }
            String type = pair.substring(0, eq);
            Duration d = SshdTime.parse(pair.substring(eq + 1));
            if (type.equals("global")) {
                global = d.isZero() ? null : d;
            } else {
                rules.add(new Rule(type, d));
            }
        }
        return new ChannelTimeouts(rules, global);
    }

    boolean isEmpty() {
        return rules.isEmpty() && global == null;
    }

    /** The timeout for a channel of this type, or null (none, or disabled with zero). */
    Duration forType(String type) {
        for (Rule r : rules) {
            if (Wildcards.match(type, r.pattern())) {
                return r.interval().isZero() ? null : r.interval();
            }
        }
        return null;
    }

    Duration global() {
        return global;
    }

    /** The shortest interval configured, to pace the checks. */
    Duration shortest() {
        Duration m = global;
        for (Rule r : rules) {
            if (!r.interval().isZero() && (m == null || r.interval().compareTo(m) < 0)) {
                m = r.interval();
            }
        }
        return m;
    }
}
