package org.sshwire.connection.server;

import java.nio.charset.StandardCharsets;

/** Checks a Unix-domain socket path that came from the peer, before any policy or file system sees it. */
final class StreamLocalPaths {
    /** {@code sizeof(sun_path) - 1} on Linux: 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    private StreamLocalPaths() {
    }

    /** Why {@code path} is unusable, or null when it may be used. */
    static String problem(String path) {
        if (path.isEmpty()) {
            return "empty socket path";
        }
        if (path.indexOf('\0') >= 0) {
            return "socket path contains a NUL byte";
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            return "socket path of " + bytes + " bytes is longer than " + MAX_PATH_BYTES;
        }
        return null;
    }
}
