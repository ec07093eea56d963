package org.sshwire.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The command line that runs our {@code sftp-server} as a child process, for a server that runs
 * as root and starts every session as its login's account: the kernel, not our code, then
 * decides what the account may read and write, as with sshd and OpenSSH's sftp-server. The child
 * is this JVM's {@code java} with this JVM's class path; class path entries the account could not
 * read (a build under /root, ~/.m2) are copied once into a root-owned world-readable directory.
 */
final class SftpChildCommand {
    private SftpChildCommand() {
    }

    /**
     * {@code java ... SftpServerMain -r ROOT -d START} as one shell command line ({@code $SHELL -c}
     * runs it; {@code $HOME} is the session's). Without {@code root} the client sees the whole
     * filesystem and starts in its home directory, as with OpenSSH's sftp-server.
     */
    static String of(Path root, boolean readOnly) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cp = new ArrayList<>();
        Path shared = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (readableByAll(p)) {
                cp.add(p.toString());
            } else {
                if (shared == null) {
                    shared = sharedDirectory();
                }
                cp.add(copyInto(p, shared).toString());
            }
        }
        StringBuilder cmd = new StringBuilder(quote(java))
                .append(" -XX:+UseSerialGC -Xshare:auto -cp ").append(quote(String.join(File.pathSeparator, cp)))
                .append(" org.sshwire.sftp.internal.SftpServerMain");
        if (root == null) {
            // SftpServerMain's default is OpenSSH's (the whole file system); "-r /" keeps the
            // start directory exactly $HOME, as the session's shell spells it.
            cmd.append(" -r / -d \"$HOME\"");
        } else {
            cmd.append(" -r ").append(quote(root.toString())).append(" -d /");
        }
        if (readOnly) {
            cmd.append(" -R");
        }
        return cmd.toString();
    }

    /** Whether any account can read {@code p} (and, for a directory, everything in it): o+r and o+x on every parent. */
    static boolean readableByAll(Path p) {
        try {
            for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_READ);
            }
            try (Stream<Path> all = Files.walk(p)) {
                return all.allMatch(f -> {
                    try {
                        Set<PosixFilePermission> m = Files.getPosixFilePermissions(f);
                        return m.contains(PosixFilePermission.OTHERS_READ)
                                && (!Files.isDirectory(f) || m.contains(PosixFilePermission.OTHERS_EXECUTE));
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static Path sharedDirectory() {
        try {
            Path dir = Files.createTempDirectory("sshwire-lib-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the sftp-server's class path readable", e);
        }
    }

    private static Path copyInto(Path entry, Path dir) {
        Path target = dir.resolve(Integer.toHexString(entry.toString().hashCode()) + "-" + entry.getFileName());
        try (Stream<Path> all = Files.walk(entry)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path t = target.resolve(entry.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                }
                t.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + entry + " for the sftp-server", e);
        }
    }

    /** POSIX shell single quotes. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
