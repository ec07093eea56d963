package org.sshwire.testvectors;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a peer binary, root, external data): when it is missing
 * the calling test is skipped with the reason, except under {@code CI=true}, where it fails —
 * CI installs everything the tests need.
 *
 * <pre>{@code
 * Path keygen = Prerequisites.tool(Path.of("/usr/bin/ssh-keygen"), "openssh-client");
 * }</pre>
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    /** Whether this run must treat anything missing as a failure. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** {@code binary} if it is executable; otherwise skips (or fails under CI) naming the package to install. */
    public static Path tool(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            missing(binary + " is missing: install " + debianPackage);
        }
        return binary;
    }

    /** Skips the calling test with {@code what}, or fails it under CI=true. */
    public static void missing(String what) {
        if (inCi()) {
            throw new AssertionError(what + " (CI=true requires it)");
        }
        Assumptions.abort(what);
    }
}
