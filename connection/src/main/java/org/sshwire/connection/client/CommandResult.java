package org.sshwire.connection.client;

import java.util.Objects;
import org.sshwire.transport.wire.Bytes;

/**
 * What {@link ClientSession#collect()} gathered: all of a command's standard output and standard
 * error, and how it ended.
 *
 * <pre>{@code
 * CommandResult r = client.exec("uname -a").collect();
 * if (!r.exit().isSuccess()) {
 *     throw new IOException("uname failed: " + r.exit() + ": " + r.stderrText());
 * }
 * String uname = r.stdoutText();
 * }</pre>
 *
 * @param stdout the channel's data, in order
 * @param stderr its extended data of type 1 (RFC 4254 §5.2), in order
 * @param exit   exit code, signal or none
 */
public record CommandResult(Bytes stdout, Bytes stderr, ExitStatus exit) {
    public CommandResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(exit, "exit");
    }

    /** Standard output decoded as UTF-8, malformed sequences replaced. */
    public String stdoutText() {
        return stdout.asUtf8();
    }

    /** Standard error decoded as UTF-8, malformed sequences replaced. */
    public String stderrText() {
        return stderr.asUtf8();
    }

    /** Sizes and exit only: the output may be megabytes. */
    @Override
    public String toString() {
        return "CommandResult[stdout=" + stdout.length() + " bytes, stderr=" + stderr.length() + " bytes, exit=" + exit + "]";
    }
}
