package org.sshwire.sftp;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Where OpenSSH's programs are; missing ones skip a test locally and fail it under CI=true. */
final class OpenSsh {
    static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");
    static final Path SFTP = Path.of("/usr/bin/sftp");
    static final Path SCP = Path.of("/usr/bin/scp");

    private OpenSsh() {
    }

    static void require(Path program) {
        if (Files.isExecutable(program)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(program + " is missing (CI=true: live interop tests must run)");
        }
        Assumptions.abort(program + " is not installed");
    }

    /** Size of the large-file tests in MiB (256 by default; -Psftp-large-file for 1024). */
    static long largeFileBytes() {
        return Long.getLong("sshwire.sftp.largeFileMiB", 256) * 1024 * 1024;
    }
}
