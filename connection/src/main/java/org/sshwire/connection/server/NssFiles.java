package org.sshwire.connection.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sshwire.transport.internal.ReloadingFile;

/**
 * A passwd or shadow lookup answered the way NSS's {@code files} source answers it, from the
 * file itself, when nsswitch.conf(5) asks that source first: no {@code getent} process per login.
 * A process per lookup cost the server most of its CPU per connection (two per login as root,
 * passwd and shadow), and more the more connections were open, because the JDK's process
 * launcher closes every descriptor the JVM holds in the child (bench/README.md, "X25519 and
 * Ed25519"). Whenever this cannot answer exactly as getpwnam(3) would (another source first, an
 * action after {@code files}, compat-style {@code +}/{@code -} lines, a name the file does not
 * have, an unreadable file), it answers nothing and {@link SystemAccounts} asks {@code getent},
 * which goes through every source as before.
 */
final class NssFiles {
    static final NssFiles SYSTEM = new NssFiles(Path.of("/etc/nsswitch.conf"), Path.of("/etc"));

    /** Per database this class reads (passwd, shadow): whether nsswitch.conf asks files first. */
    private final ReloadingFile<Map<String, Boolean>> nsswitch;
    private final ReloadingFile<Map<String, String>> passwd;
    private final ReloadingFile<Map<String, String>> shadow;

    NssFiles(Path nsswitch, Path etc) {
        // Decided once per version of the file, not at each of a login's lookups.
        this.nsswitch = new ReloadingFile<>(nsswitch, lines -> Map.of("passwd", filesFirst(lines, "passwd"),
                "shadow", filesFirst(lines, "shadow")));
        this.passwd = new ReloadingFile<>(etc.resolve("passwd"), lines -> entries(lines, false));
        this.shadow = new ReloadingFile<>(etc.resolve("shadow"), lines -> entries(lines, true));
    }

    /**
     * {@code name}'s line of {@code database} ({@code passwd} or {@code shadow}, the file of that
     * name), when the files source answers first and has it; empty means "ask getent". A shadow
     * line comes with its password field replaced by {@code *}: only the ageing fields are
     * needed, and no hash is kept in memory. The files are parsed again whenever they change
     * ({@link ReloadingFile}), so an admin's change is seen by the next login.
     */
    Optional<String> lookup(String database, String name) {
        ReloadingFile<Map<String, String>> file = switch (database) {
            case "passwd" -> passwd;
            case "shadow" -> shadow;
            default -> throw new IllegalArgumentException("database " + database);
        };
        try {
            if (!nsswitch.get().get(database)) {
                return Optional.empty();
            }
            return Optional.ofNullable(file.get().get(name));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Optional.empty(); // missing, unreadable or not UTF-8: getent decides
        }
    }

    /**
     * Whether nsswitch.conf's line for {@code database} names {@code files} first with no action
     * right after it ({@code [SUCCESS=continue]} would make a found entry not the answer). No line
     * at all: glibc's built-in default has varied between versions, so getent decides.
     */
    static boolean filesFirst(List<String> nsswitchLines, String database) {
        for (String raw : nsswitchLines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).strip().equals(database)) {
                continue;
            }
            String[] sources = line.substring(colon + 1).strip().split("\\s+");
            return sources[0].equals("files") && (sources.length == 1 || !sources[1].startsWith("["));
        }
        return false;
    }

    /**
     * The first line for each name, as the files source finds it: leading blanks, empty lines and
     * comment lines skipped. A line starting with {@code +} or {@code -} is a compat-mode
     * reference to other sources, which only NSS can resolve: names only after it are left out,
     * for getent. With {@code dropSecrets}, the second field (a password hash) becomes {@code *}.
     */
    static Map<String, String> entries(List<String> lines, boolean dropSecrets) {
        Map<String, String> byName = new HashMap<>();
        for (String raw : lines) {
            String line = raw.stripLeading();
            if (line.startsWith("+") || line.startsWith("-")) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.startsWith("#")) {
                continue;
            }
            byName.putIfAbsent(line.substring(0, colon), dropSecrets ? withoutSecret(line, colon) : line);
        }
        return Map.copyOf(byName);
    }

    private static String withoutSecret(String line, int colon) {
        int next = line.indexOf(':', colon + 1);
        return next < 0 ? line.substring(0, colon + 1) + "*" : line.substring(0, colon + 1) + "*" + line.substring(next);
    }

    /** {@code name}'s line among {@code lines}, as {@link #entries} finds it. */
    static Optional<String> entry(List<String> lines, String name) {
        return Optional.ofNullable(entries(lines, false).get(name));
    }
}
