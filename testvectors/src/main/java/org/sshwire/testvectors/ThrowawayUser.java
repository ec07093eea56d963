package org.sshwire.testvectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An OS account made for one test and removed after it (tests run as root here and in CI): a
 * random name, its own group, a home directory under a fresh directory and /bin/bash. Outside
 * root the calling test is skipped, except under {@code CI=true}, where it fails.
 *
 * <pre>{@code
 * try (ThrowawayUser u = ThrowawayUser.create()) {
 *     ... log in as u.name() ...
 * }
 * }</pre>
 */
public final class ThrowawayUser implements AutoCloseable {
    private final String name;
    private final int uid;
    private final int gid;
    private final Path home;

    private ThrowawayUser(String name, int uid, int gid, Path home) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.home = home;
    }

    /** Skips (or under CI=true fails) the calling test unless it runs as root. */
    public static void requireRoot() {
        if (isRoot()) {
            return;
        }
        Prerequisites.missing("needs root to create a throwaway OS account");
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** A new account; the caller closes it. */
    public static ThrowawayUser create() throws IOException {
        return create("/bin/bash");
    }

    /** A new account with {@code shell} as its login shell. */
    public static ThrowawayUser create(String shell) throws IOException {
        requireRoot();
        String name = "sshwt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        Path base = Files.createTempDirectory("sshwire-user-");
        base.toFile().setReadable(true, false);
        base.toFile().setExecutable(true, false);
        Path home = base.resolve(name);
        // Password "*": no password logs in, but the account is not locked ("!"), which sshd
        // without PAM would refuse for every method.
        run("useradd", "--create-home", "--home-dir", home.toString(), "--shell", shell, "--user-group",
                "--password", "*", name);
        String[] ids = run("id", "-u", name).strip().split("\\s+");
        String gid = run("id", "-g", name).strip();
        return new ThrowawayUser(name, Integer.parseInt(ids[0]), Integer.parseInt(gid), home);
    }

    public String name() {
        return name;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public Path home() {
        return home;
    }

    /** Kills what still runs as the account, then removes it with its home and group. */
    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("pkill", "-KILL", "-u", name).start().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run("userdel", "--remove", name);
        Files.deleteIfExists(home.getParent());
    }

    /** Runs an admin command and returns its output; a failure is an IOException with the output. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.strip());
        }
        return out;
    }
}
