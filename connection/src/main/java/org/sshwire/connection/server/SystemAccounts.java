package org.sshwire.connection.server;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link UserAccounts#system()}: accounts as sshd's getpwnam(3) sees them. Where nsswitch.conf
 * asks the {@code files} source first and /etc/passwd (or /etc/shadow) has the name, that line
 * is the answer ({@link NssFiles}, no process); otherwise {@code getent passwd}, which asks NSS
 * through every configured source.
 */
final class SystemAccounts implements UserAccounts {
    private static final System.Logger LOG = System.getLogger(SystemAccounts.class.getName());
    static final SystemAccounts INSTANCE = new SystemAccounts();
    /** Longer than any name useradd(8) accepts (32) or utmp can hold; refused without a lookup. */
    private static final int MAX_NAME = 255;
    private static final long LOOKUP_TIMEOUT_SECONDS = 10;
    /** The effective uid of this JVM (Linux /proc; -1 when unknown, which counts as not root). */
    private static final int EFFECTIVE_UID = effectiveUid();

    private SystemAccounts() {
    }

    /** Whether this JVM runs as root, so it can start processes as any account. */
    static boolean jvmIsRoot() {
        return EFFECTIVE_UID == 0;
    }

    static int jvmUid() {
        return EFFECTIVE_UID;
    }

    /**
     * This JVM's own account: its passwd entry, or (a uid with no entry, as in some containers)
     * what the JVM knows of itself.
     */
    static UserAccount own() {
        String name = System.getProperty("user.name");
        return getent(name).filter(a -> a.uid() == EFFECTIVE_UID || EFFECTIVE_UID < 0)
                .orElseGet(() -> new UserAccount(name, EFFECTIVE_UID, -1, Path.of(System.getProperty("user.home")), "/bin/sh"));
    }

    private static volatile Integer ttyGroup;

    /** The gid of group "tty", which owns terminals (sshd's pty_setowner), or -1 when there is none. */
    static int ttyGroup() {
        Integer g = ttyGroup;
        if (g == null) {
            g = run("getent", "group", "tty").map(line -> line.split(":", -1))
                    .filter(f -> f.length >= 3).map(f -> {
                        try {
                            return Integer.parseInt(f[2]);
                        } catch (NumberFormatException e) {
                            return -1;
                        }
                    }).orElse(-1);
            ttyGroup = g;
        }
        return g;
    }

    @Override
    public Optional<UserAccount> lookup(String loginName) {
        if (!plausible(loginName)) {
            return Optional.empty();
        }
        Optional<UserAccount> a = getent(loginName);
        if (!jvmIsRoot()) {
            // Without root a session can only run as this JVM's own account.
            return a.filter(u -> u.uid() == EFFECTIVE_UID);
        }
        return a.filter(u -> !expired(u.name(), System.currentTimeMillis() / 86_400_000L));
    }

    /**
     * Whether shadow(5) says the account may no longer log in, as PAM's pam_unix account check
     * (which Debian's sshd runs) decides: its expiry date has come, or its password expired and
     * the inactive period after that has passed too.
     */
    private static boolean expired(String name, long today) {
        Optional<String> line = NssFiles.SYSTEM.lookup("shadow", name).or(() -> run("getent", "shadow", "--", name));
        if (line.isEmpty()) {
            return false; // no shadow entry (or NSS without one): nothing says it expired
        }
        boolean e = shadowExpired(line.get(), today);
        if (e) {
            LOG.log(Level.INFO, "account " + name + " has expired");
        }
        return e;
    }

    /** pam_unix's check_shadow_expiry on one shadow(5) line, {@code today} in days since 1970. */
    static boolean shadowExpired(String shadowLine, long today) {
        String[] f = shadowLine.split(":", -1);
        if (f.length < 8) {
            return false;
        }
        long lastChange = days(f[2]);
        long max = days(f[4]);
        long inactive = days(f[6]);
        long expire = days(f[7]);
        if (expire != -1 && today >= expire) {
            return true;
        }
        return lastChange > 0 && max != -1 && inactive != -1 && today >= lastChange + max + inactive;
    }

    private static long days(String field) {
        try {
            return field.isEmpty() ? -1 : Long.parseLong(field);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A name getent would treat specially is refused before any lookup: an all-digit name is
     * looked up as a uid ("0" would be root), a leading '-' reads as an option, and ':' or a
     * control character cannot be in a passwd entry.
     */
    static boolean plausible(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.charAt(0) == '-'
                || name.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return name.chars().noneMatch(c -> c == ':' || c == '/' || c < 0x20 || c == 0x7f);
    }

    private static Optional<UserAccount> getent(String name) {
        return NssFiles.SYSTEM.lookup("passwd", name).or(() -> run("getent", "passwd", "--", name)).flatMap(line -> parse(line, name));
    }

    /** The first line a lookup command prints, if it succeeds within the time limit. */
    private static Optional<String> run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(64 * 1024);
            }
            if (!p.waitFor(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.log(Level.WARNING, String.join(" ", command) + " did not answer");
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                return Optional.empty(); // 2: no such entry
            }
            String text = new String(out, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return Optional.of(nl >= 0 ? text.substring(0, nl) : text);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot run " + String.join(" ", command) + ": " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One passwd(5) line {@code name:passwd:uid:gid:gecos:dir:shell}, if it is {@code name}'s. */
    static Optional<UserAccount> parse(String line, String name) {
        String[] f = line.split(":", -1);
        if (f.length != 7 || !f[0].equals(name) || f[5].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UserAccount(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5]), f[6]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "no /proc/self/status: " + e);
        }
        return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
}
