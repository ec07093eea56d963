package org.sshwire.auth.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * sshd's {@code StrictModes} check of a user's key file ({@code auth_secure_path} in OpenSSH's
 * auth.c): the file and every directory above it, up to and including the home directory, must
 * be owned by the user or root and writable by no one else, so nobody but the user can plant a
 * key. A file that fails is ignored, as sshd ignores it.
 *
 * <pre>{@code
 * StrictModes.problem(home.resolve(".ssh/authorized_keys"), uid, home).ifPresent(log::warn);
 * }</pre>
 */
public final class StrictModes {
    private StrictModes() {
    }

    /** Why {@code file} may not be trusted for the account {@code uid} with home {@code home}, or empty if it may. */
    public static Optional<String> problem(Path file, int uid, Path home) {
        try {
            Path real = file.toRealPath();
            Path realHome = home.toRealPath();
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(real + " is not a regular file");
            }
            Optional<String> p = check(real, uid, "file");
            for (Path dir = real.getParent(); p.isEmpty() && dir != null; dir = dir.getParent()) {
                p = check(dir, uid, "directory");
                if (dir.equals(realHome)) {
                    break; // sshd stops once it has checked the home directory
                }
            }
            return p;
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot check " + file + ": " + e.getMessage());
        }
    }

    private static Optional<String> check(Path p, int uid, String what) throws IOException {
        int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid && owner != 0) {
            return Optional.of("bad ownership or modes for " + what + " " + p);
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("bad ownership or modes for " + what + " " + p);
        }
        return Optional.empty();
    }
}
