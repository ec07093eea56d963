package org.sshwire.connection.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sshd's {@code ServerOptions} as a map from option (its {@code -T} name) to a typed value:
 * String for yes/no and multi-state words, Integer for counts and seconds, Long for byte counts,
 * {@code List<String>} for lists, and a few records. Absent means unset (sshd's -1 or NULL).
 */
final class Options {
    final Map<String, Object> values = new LinkedHashMap<>();

    boolean has(String option) {
        return values.containsKey(option);
    }

    Object get(String option) {
        return values.get(option);
    }

    /** First obtained value wins, as sshd's {@code if (*activep && *intptr == -1)}. */
    void first(Line l, String option, Object value) {
        if (l.active) {
            values.putIfAbsent(option, value);
        }
    }

    void set(String option, Object value) {
        values.put(option, value);
    }

    /** An accumulating list, created empty on first use. */
    @SuppressWarnings("unchecked")
    <T> List<T> list(String option) {
        return (List<T>) values.computeIfAbsent(option, k -> new ArrayList<>());
    }

    /** Subsystems by name, in definition order: name to {command, command line}. */
    @SuppressWarnings("unchecked")
    Map<String, Subsystem> subsystems() {
        return (Map<String, Subsystem>) values.computeIfAbsent("subsystem", k -> new LinkedHashMap<>());
    }

    /** A copy whose lists and maps can be changed without touching this one. */
    Options copy() {
        Options c = new Options();
        values.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                c.values.put(k, new ArrayList<>(list));
            } else if (v instanceof Map<?, ?> map) {
                c.values.put(k, new LinkedHashMap<>(map));
            } else {
                c.values.put(k, v);
            }
        });
        return c;
    }

    /** A Subsystem: the program and its full command line (program and arguments, space-joined as sshd 9.2). */
    record Subsystem(String name, String command, String commandLine) {
    }

    /** A ListenAddress as written, resolved only when printed or bound. */
    record Listen(String host, int port, String rdomain) {
    }
}
