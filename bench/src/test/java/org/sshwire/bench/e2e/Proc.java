package org.sshwire.bench.e2e;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion, always bounded in time. */
final class Proc {
    private static final Path TIME = Path.of("/usr/bin/time");

    /** How a command ended: exit status, wall time, CPU seconds (user + system, NaN if unknown). */
    record Result(int exit, double wallSeconds, double cpuSeconds, String stderr) {
        Result requireSuccess(List<String> command) {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + String.join(" ", command) + "\n" + stderr);
            }
            return this;
        }
    }

    private Proc() {
    }

    static Result run(List<String> command, Duration timeout) {
        return run(command, Redirect.from(new File("/dev/null")), Redirect.DISCARD, timeout, false);
    }

    /**
     * Runs {@code command} with the given stdin and stdout. With {@code timed} it runs under
     * {@code /usr/bin/time}, whose user + system seconds include the children the command
     * waited for (sftp's ssh), at 10 ms resolution.
     */
    static Result run(List<String> command, Redirect in, Redirect out, Duration timeout, boolean timed) {
        Path err = null;
        Path times = null;
        try {
            err = Files.createTempFile("sshwire-bench-err", ".txt");
            List<String> cmd = new ArrayList<>();
            if (timed) {
                times = Files.createTempFile("sshwire-bench-time", ".txt");
                cmd.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", times.toString()));
            }
            cmd.addAll(command);
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectInput(in).redirectOutput(out).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = Double.NaN;
            if (timed) {
                String[] t = Files.readString(times).trim().lines().reduce((a, b) -> b).orElse("").split(" ");
                if (t.length == 2) {
                    cpu = Double.parseDouble(t[0]) + Double.parseDouble(t[1]);
                }
            }
            return new Result(p.exitValue(), wall, cpu, Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            deleteQuietly(err);
            deleteQuietly(times);
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file; nothing depends on it
        }
    }
}
