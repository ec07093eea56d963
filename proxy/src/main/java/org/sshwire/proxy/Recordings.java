package org.sshwire.proxy;

import java.io.IOException;
import java.nio.file.Path;
import org.sshwire.proxy.internal.record.RecordingTap;

/**
 * The bastion's standard recorder, as a {@link RelayTap}. Under {@code dir}:
 * <ul>
 *   <li>{@code audit.jsonl}: one JSON object per line for every login and its route, refusal,
 *       channel (with forwarding targets), channel request (commands, subsystems, terminal
 *       sizes, signals), channel close (exit status, bytes each way) and logout;</li>
 *   <li>{@code CONNECTION/N-session.cast}: each terminal session (a pty) as an asciicast v2 file,
 *       output and input with their timing ({@code asciinema play} or {@code asciinema cat} it);</li>
 *   <li>{@code CONNECTION/N-session.sftp.jsonl}: each SFTP session's operations (open, close with
 *       bytes read and written, rename, remove, mkdir, rmdir, setstat, symlink) and their status.</li>
 * </ul>
 * Every file is written as the session runs, flushed line by line; one that reaches
 * {@code maxBytes} is moved to {@code NAME.1} (older parts shifted up to {@code NAME.keep}, the
 * oldest dropped) and continues in a new file (a new asciicast part starts with its header).
 *
 * <pre>{@code
 * Relay.builder().tap(Recordings.toDirectory(Path.of("/var/log/bastion"), 64L << 20, 10))
 * }</pre>
 */
public final class Recordings {
    private Recordings() {
    }

    /**
     * @param maxBytes the size at which a file is rotated (at least 4096)
     * @param keep how many rotated parts of a file are kept (0: none, the full file is dropped)
     * @throws IOException if the directory or the audit log cannot be created
     */
    public static RelayTap toDirectory(Path dir, long maxBytes, int keep) throws IOException {
        if (maxBytes < 4096) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is below 4096");
        }
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        return new RecordingTap(dir, maxBytes, keep);
    }
}
