package org.sshwire.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.internal.SftpServerMain;

/** Writes a shell script that execs {@link SftpServerMain} with its arguments (for sftp -D). */
final class OurServerLauncher {
    private OurServerLauncher() {
    }

    static Path write(Path dir) throws IOException {
        String cp = location(SftpServerMain.class) + java.io.File.pathSeparator + location(Bytes.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = dir.resolve("sshwire-sftp-server");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '" + cp
                + "' org.sshwire.sftp.internal.SftpServerMain \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
