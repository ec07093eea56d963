package org.sshwire.testvectors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the external known-answer data.
 *
 * <p>The folder is {@code -Dsshwire.vectors=DIR} if set, else {@code ../shared/vectors} relative
 * to the working directory or one of its parents. When a file is missing a test is skipped with
 * a message, except under {@code CI=true}, where it fails: CI always has the data.
 */
public final class VectorFiles {
    private VectorFiles() {
    }

    /** The vectors folder, or null when none is found. */
    public static Path root() {
        String prop = System.getProperty("sshwire.vectors");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/vectors").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether this run must treat missing data as a failure. */
    public static boolean inCi() {
        return Prerequisites.inCi();
    }

    /**
     * The path of {@code relative} inside the vectors folder. Missing: skips the calling test, or
     * fails it under {@code CI=true}.
     */
    public static Path require(String relative) {
        Path root = root();
        Path p = root == null ? null : root.resolve(relative);
        if (p == null || !Files.exists(p)) {
            String msg = "external test data missing: " + relative + " (looked in "
                    + (root == null ? "-Dsshwire.vectors and ../shared/vectors" : root) + ")";
            Prerequisites.missing(msg);
        }
        return p;
    }
}
