package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the sshwire command in-process, and OpenSSH's ssh-keygen beside it. */
final class CliRun {
    record Result(int exit, String out, String err) {
    }

    private CliRun() {
    }

    static Result sshwire(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Sshwire.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result ok(String... args) {
        Result r = sshwire(args);
        assertEquals(0, r.exit(), () -> "sshwire " + String.join(" ", args) + "\n" + r.err());
        return r;
    }

    static Path sshKeygen() {
        Path p = Path.of("/usr/bin/ssh-keygen");
        if (!Files.isExecutable(p)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("ssh-keygen missing; CI=true requires openssh-client");
            }
            Assumptions.abort("ssh-keygen missing");
        }
        return p;
    }

    static Result sshKeygen(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(sshKeygen().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("kg", ".out");
        Path err = Files.createTempFile("kg", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ssh-keygen timed out");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
