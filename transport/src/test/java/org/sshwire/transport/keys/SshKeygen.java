package org.sshwire.transport.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sshwire.testvectors.Prerequisites;

/** Runs the real ssh-keygen; missing: skips the test, or fails it under CI=true. */
final class SshKeygen {
    private SshKeygen() {
    }

    static Path binary() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
            Path p = Path.of(dir, "ssh-keygen");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Prerequisites.missing("ssh-keygen not found: install openssh-client");
        return null;
    }

    record Result(int exit, String out) {
    }

    static Result run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ssh-keygen timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs and requires exit status 0; returns the output. */
    static String ok(Path dir, String... args) {
        Result r = run(dir, args);
        if (r.exit() != 0) {
            throw new AssertionError("ssh-keygen " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.out());
        }
        return r.out();
    }

    /** The SHA256 fingerprint field of {@code ssh-keygen -l -f file}. */
    static String fingerprint(Path dir, String file) {
        return ok(dir, "-l", "-E", "sha256", "-f", file).strip().split(" ")[1];
    }
}
