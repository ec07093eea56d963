package org.sshwire.testvectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSH binaries on this machine, for tests that run them as peers: commands run to
 * completion with a time bound, and throwaway {@code sshd} configurations. A test that needs
 * them skips when they are missing, except under {@code CI=true}, where it fails (CI installs
 * them).
 *
 * <pre>{@code
 * OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(dir, List.of("AuthorizedKeysFile " + keys));
 * Process p = sshd.startListening(port);
 * }</pre>
 */
public final class OpenSsh {
    public static final Path SSH = Path.of("/usr/bin/ssh");
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    public static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    public static final Path SSH_AGENT = Path.of("/usr/bin/ssh-agent");
    public static final Path SSH_ADD = Path.of("/usr/bin/ssh-add");

    private OpenSsh() {
    }

    public static void require(Path binary) {
        Prerequisites.tool(binary, "openssh-client and openssh-server");
    }

    /** {@code ssh -Q what}: the algorithms this OpenSSH supports. */
    public static List<String> query(String what) {
        require(SSH);
        Result r = run(List.of(SSH.toString(), "-Q", what), 20);
        assertEquals(0, r.exit(), r.stderr());
        return r.stdout().lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a command to completion, bounded in time, with nothing on its standard input. */
    public static Result run(List<String> command, int timeoutSeconds) {
        return run(command, null, timeoutSeconds);
    }

    /** Runs a command to completion, bounded in time, with {@code stdin} (null: /dev/null) as its input. */
    public static Result run(List<String> command, byte[] stdin, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("sshwire-out", ".txt");
            Path err = Files.createTempFile("sshwire-err", ".txt");
            Path in = stdin == null ? Path.of("/dev/null") : Files.write(Files.createTempFile("sshwire-in", ".txt"), stdin);
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(in.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (stdin != null) {
                Files.deleteIfExists(in);
            }
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A throwaway sshd configuration with its own host keys of every type we test. */
    public static final class SshdConfig {
        public final Path dir;
        public final Path config;

        public SshdConfig(Path dir, List<String> extraLines) throws IOException {
            require(SSHD);
            require(SSH_KEYGEN);
            this.dir = dir;
            // sshd keeps the first value of a keyword, so the caller's lines go first.
            List<String> lines = new ArrayList<>(extraLines);
            for (String[] k : new String[][] {{"ed25519", "0"}, {"ecdsa", "256"}, {"ecdsa", "384"}, {"ecdsa", "521"}, {"rsa", "3072"}}) {
                Path key = dir.resolve("host_" + k[0] + k[1]);
                List<String> cmd = new ArrayList<>(List.of(SSH_KEYGEN.toString(), "-q", "-t", k[0], "-N", "", "-f", key.toString()));
                if (!k[1].equals("0")) {
                    cmd.addAll(List.of("-b", k[1]));
                }
                Result r = run(cmd, 60);
                assertEquals(0, r.exit(), r.stderr());
                lines.add("HostKey " + key);
            }
            lines.addAll(List.of("PidFile none", "UsePAM no", "StrictModes no", "LogLevel VERBOSE",
                    "AuthorizedKeysFile none", "MaxAuthTries 20"));
            config = dir.resolve("sshd_config");
            Files.write(config, lines);
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
        }

        /**
         * Signs this sshd's Ed25519 host key with {@code caKey} (ssh-keygen -s -h) and adds the
         * certificate to the configuration.
         */
        public Path addHostCertificate(Path caKey, String principals) throws IOException {
            Path pub = dir.resolve("host_ed255190.pub");
            Result r = run(List.of(SSH_KEYGEN.toString(), "-q", "-s", caKey.toString(), "-h", "-I", "sshd-host",
                    "-n", principals, pub.toString()), 60);
            assertEquals(0, r.exit(), r.stderr());
            Path cert = dir.resolve("host_ed255190-cert.pub");
            Files.writeString(config, "HostCertificate " + cert + "\n", java.nio.file.StandardOpenOption.APPEND);
            return cert;
        }

        /** {@code sshd -i}: one connection over the process's stdin/stdout. */
        public Process startInetd() throws IOException {
            return new ProcessBuilder(SSHD.toString(), "-i", "-e", "-f", config.toString())
                    .redirectError(dir.resolve("sshd-i.log").toFile()).start();
        }

        /** {@code sshd -D} listening on 127.0.0.1:port. */
        public Process startListening(int port) throws IOException {
            return new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString(),
                    "-o", "ListenAddress=127.0.0.1", "-o", "Port=" + port)
                    .redirectError(dir.resolve("sshd.log").toFile()).start();
        }

        /**
         * known_hosts lines for this sshd's host keys under {@code host} ({@code 127.0.0.1}, or
         * {@code [127.0.0.1]:PORT} for another port than 22), in file-name order.
         */
        public List<String> knownHostsLines(String host) throws IOException {
            List<String> lines = new java.util.ArrayList<>();
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().matches("host_.*\\.pub")).sorted().toList()) {
                    String[] f = Files.readString(p).strip().split(" ");
                    lines.add(host + " " + f[0] + " " + f[1]);
                }
            }
            return lines;
        }

        public String log(String name) {
            try {
                return Files.readString(dir.resolve(name));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }
}
