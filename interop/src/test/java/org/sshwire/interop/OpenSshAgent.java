package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sshwire.testvectors.OpenSsh;

/**
 * OpenSSH's {@code ssh-agent} run by a test in the foreground ({@code -D}) on a socket in the
 * test's directory, and {@code ssh-add} run against it — with a passphrase answered by an
 * SSH_ASKPASS script (SSH_ASKPASS_REQUIRE=force), as a desktop session answers it.
 */
final class OpenSshAgent implements AutoCloseable {
    final Path socket;
    final Process process;
    private final Path dir;

    private OpenSshAgent(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    /** {@code ssh-agent -D -a SOCKET [args]}, e.g. {@code -P} to allow a FIDO provider. */
    static OpenSshAgent start(Path dir, String... args) throws IOException {
        OpenSsh.require(OpenSsh.SSH_AGENT);
        OpenSsh.require(OpenSsh.SSH_ADD);
        Path socket = dir.resolve("ssh-agent.sock");
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_AGENT.toString(), "-D", "-a", socket.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("ssh-agent.out").toFile()).redirectError(dir.resolve("ssh-agent.log").toFile()).start();
        awaitSocket(socket, p);
        return new OpenSshAgent(dir, socket, p);
    }

    static void awaitSocket(Path socket, Process p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("agent did not create " + socket);
            }
            new CompletableFuture<Void>().completeOnTimeout(null, 50, TimeUnit.MILLISECONDS).join();
        }
    }

    /** {@code ssh-add args...} against this agent; {@code passphrase} (or null) answers any prompt. */
    OpenSsh.Result sshAdd(String passphrase, String... args) throws IOException {
        return sshAdd(socket, dir, passphrase, args);
    }

    static OpenSsh.Result sshAdd(Path socket, Path dir, String passphrase, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "SSH_AUTH_SOCK=" + socket, "DISPLAY=:0", "SSH_ASKPASS_REQUIRE=force"));
        Path askpass = askpass(dir, passphrase == null ? "" : passphrase);
        cmd.add("SSH_ASKPASS=" + askpass);
        cmd.add(OpenSsh.SSH_ADD.toString());
        cmd.addAll(List.of(args));
        return OpenSsh.run(cmd, 60);
    }

    /** A script that prints {@code answer}, as SSH_ASKPASS programs answer a prompt. */
    static Path askpass(Path dir, String answer) throws IOException {
        Path script = Files.createTempFile(dir, "askpass", ".sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' '" + answer.replace("'", "'\\''") + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** {@code ssh-keygen} a key (with a passphrase, or none for "") at {@code file}. */
    static Path keygen(Path file, String type, String passphrase) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", type, "-N", passphrase,
                "-C", file.getFileName().toString(), "-f", file.toString()));
        if (type.equals("rsa")) {
            cmd.addAll(List.of("-b", "2048"));
        }
        OpenSsh.Result r = OpenSsh.run(cmd, 60);
        assertEquals(0, r.exit(), r.stderr());
        return file;
    }

    /** {@code ssh-keygen -s ca -I id -n principals key.pub}: writes {@code key-cert.pub}. */
    static Path certify(Path ca, Path key, String principals) {
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", ca.toString(), "-I", "agent-test",
                "-n", principals, key + ".pub"), 60);
        assertEquals(0, r.exit(), r.stderr());
        return Path.of(key + "-cert.pub");
    }

    String log() {
        try {
            return Files.readString(dir.resolve("ssh-agent.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
