package org.sshwire.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.Prerequisites;

/**
 * Peers other than OpenSSH, run as external processes: rclone (Debian's rclone) and python3
 * with paramiko (Debian's python3-paramiko). Missing, a test is skipped, and fails under CI=true.
 */
final class Peers {
    static final Path RCLONE = Path.of("/usr/bin/rclone");
    /** Debian's python3, whose dist-packages hold python3-paramiko (not a pyenv shim's python). */
    static final Path PYTHON3 = Path.of("/usr/bin/python3");

    private Peers() {
    }

    private static void missing(String what) {
        Prerequisites.missing(what + " is missing");
    }

    static void requireRclone() {
        if (!Files.isExecutable(RCLONE)) {
            missing(RCLONE + ": install rclone");
        }
    }

    static void requireParamiko() {
        if (!Files.isExecutable(PYTHON3)
                || OpenSsh.run(List.of(PYTHON3.toString(), "-c", "import paramiko"), 60).exit() != 0) {
            missing("python3 with paramiko: install python3-paramiko");
        }
    }

    /** Runs a python3 script given as text, with arguments. */
    static OpenSsh.Result python(Path dir, String name, String script, int timeoutSeconds, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve(name), script);
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON3.toString(), file.toString()));
        cmd.addAll(List.of(args));
        return OpenSsh.run(cmd, timeoutSeconds);
    }
}
