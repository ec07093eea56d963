package org.sshwire.connection.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    private final Path nsswitch;
    private final Path etc;

    NssFiles(Path nsswitch, Path etc) {
        this.nsswitch = nsswitch;
        this.etc = etc;
    }

    /**
     * {@code name}'s line of {@code database} ({@code passwd} or {@code shadow}, the file of that
     * name), when the files source answers first and has it; empty means "ask getent". Both files
     * are read on every call, as NSS reads them, so an admin's change is seen by the next login.
     */
    Optional<String> lookup(String database, String name) {
        try {
            if (!filesFirst(Files.readAllLines(nsswitch, StandardCharsets.UTF_8), database)) {
                return Optional.empty();
            }
            return entry(Files.readAllLines(etc.resolve(database), StandardCharsets.UTF_8), name);
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
     * The first line for {@code name}, as the files source finds it (leading blanks and comment
     * lines skipped). Lines starting with {@code +} or {@code -} are compat-mode references to
     * other sources, which only NSS can resolve: then nothing.
     */
    static Optional<String> entry(List<String> lines, String name) {
        String key = name + ":";
        for (String raw : lines) {
            String line = raw.stripLeading();
            if (line.startsWith("+") || line.startsWith("-")) {
                return Optional.empty();
            }
            if (line.startsWith(key)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
