package org.sshwire.connection.client;

import java.util.Objects;

/**
 * How a session's command, shell or subsystem ended, as the server reported it (RFC 4254 §6.10):
 * an {@code exit-status} code, an {@code exit-signal} (the process was killed), or nothing at all,
 * which the RFC allows when the channel closes. Go's {@code ssh.ExitError} / {@code
 * ExitMissingError} make the same three cases.
 *
 * <pre>{@code
 * ExitStatus e = session.waitForExit();
 * if (e instanceof ExitStatus.Code c) {
 *     System.out.println("exit " + c.value());
 * } else if (e instanceof ExitStatus.Signal s) {
 *     System.out.println("killed by SIG" + s.name() + (s.coreDumped() ? " (core dumped)" : ""));
 * } else {
 *     System.out.println("the server closed the session without an exit status");
 * }
 * }</pre>
 */
public sealed interface ExitStatus {

    /** Nothing was reported: the channel closed with neither exit-status nor exit-signal. */
    ExitStatus NONE = new None();

    /** True only for exit code 0. */
    default boolean isSuccess() {
        return this instanceof Code c && c.value() == 0;
    }

    /**
     * {@code exit-status}: the command's exit code. The wire carries a uint32; codes above
     * {@code Integer.MAX_VALUE} come out negative ({@link Integer#toUnsignedLong} recovers them).
     */
    record Code(int value) implements ExitStatus {
    }

    /**
     * {@code exit-signal}: the command was killed by a signal.
     *
     * @param name       the signal's name without "SIG" ("TERM", "KILL", "SEGV", ...)
     * @param coreDumped whether the server said a core was dumped
     * @param message    the server's error message, often empty
     */
    record Signal(String name, boolean coreDumped, String message) implements ExitStatus {
        public Signal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(message, "message");
        }
    }

    /** No exit status or signal came before the channel closed ({@link #NONE}). */
    record None() implements ExitStatus {
    }
}
