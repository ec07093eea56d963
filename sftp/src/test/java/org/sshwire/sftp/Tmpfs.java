package org.sshwire.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a fresh directory, for full-disk tests: {@code mount -t tmpfs -o size=...}
 * needs root. Where it cannot be mounted the test is skipped with the reason, and fails under
 * CI=true (where it must run). Unmounted on {@link #close()}; never left behind.
 */
final class Tmpfs implements AutoCloseable {
    final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    static Tmpfs mount(Path parent, String size) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(parent, "tmpfs");
        Run r = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        if (r.code != 0) {
            String why = "cannot mount a tmpfs (needs root): " + r.output.strip();
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why + " (CI=true: the full-disk tests must run)");
            }
            Assumptions.abort(why);
        }
        return new Tmpfs(dir);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Run r = run("umount", dir.toString());
        if (r.code != 0) {
            r = run("umount", "-l", dir.toString()); // lazily, if a file is still open: still never left mounted
        }
        if (r.code != 0) {
            throw new IOException("could not unmount " + dir + ": " + r.output);
        }
    }

    private record Run(int code, String output) {
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(124, command[0] + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }
}
