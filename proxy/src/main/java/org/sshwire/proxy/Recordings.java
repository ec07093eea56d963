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
 *
 * <p>The {@linkplain #builder builder} can also keep the contents, both off by default (they hold
 * whatever users put in files and tunnels — credentials, personal data — and take as much disk as
 * the transfers themselves):
 * <ul>
 *   <li>{@link Builder#sftpContents}: {@code CONNECTION/N-sftp/SEQ-write-NAME} and
 *       {@code SEQ-read-NAME}, the bytes written and read through the SEQth file opened in the
 *       session, each at its file offset (a sparse file where the client skipped); the operations
 *       log's close line names them, and a {@code contents} line per file follows with its
 *       SHA-256 once it is on disk;</li>
 *   <li>{@link Builder#forwardedBytes}: {@code CONNECTION/N-TYPE.from-client} and
 *       {@code .from-upstream}, each forwarded channel's bytes both ways, named with their SHA-256
 *       on the audit log's channel-close line.</li>
 * </ul>
 * Saved contents are not rotated; each connection may save at most
 * {@link Builder#contentsMaxBytes} bytes of them, after which saving stops (the logs say so) and
 * the session goes on. They are written by one thread of the recorder's, never the relay's: at
 * most 64 MiB wait for the disk, and a file whose next chunk finds no room stops there too.
 *
 * <pre>{@code
 * Relay.builder().tap(Recordings.builder(Path.of("/var/log/bastion")).sftpContents(true).build())
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
        return builder(dir).maxBytes(maxBytes).keep(keep).build();
    }

    /** A recorder writing under {@code dir}; with nothing else set, the same as {@code toDirectory(dir, 64 MiB, 10)}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The recorder's settings: rotation, and which contents are kept besides the logs. */
    public static final class Builder {
        private final Path dir;
        private long maxBytes = 64L << 20;
        private int keep = 10;
        private boolean sftpContents;
        private boolean forwardedBytes;
        private long contentsMaxBytes = 1L << 30;

        private Builder(Path dir) {
            this.dir = java.util.Objects.requireNonNull(dir, "dir");
        }

        /** The size at which a log or asciicast file is rotated (at least 4096; default 64 MiB). */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 4096) {
                throw new IllegalArgumentException("maxBytes " + maxBytes + " is below 4096");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** How many rotated parts of a file are kept (0: none; default 10). */
        public Builder keep(int keep) {
            if (keep < 0) {
                throw new IllegalArgumentException("keep must not be negative: " + keep);
            }
            this.keep = keep;
            return this;
        }

        /** Save the bytes of every file written and read through SFTP (default off). */
        public Builder sftpContents(boolean on) {
            this.sftpContents = on;
            return this;
        }

        /** Save the bytes of every forwarded channel, both ways (default off). */
        public Builder forwardedBytes(boolean on) {
            this.forwardedBytes = on;
            return this;
        }

        /** At most this many bytes of contents saved per connection (default 1 GiB; 0 saves none). */
        public Builder contentsMaxBytes(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("contentsMaxBytes must not be negative: " + n);
            }
            this.contentsMaxBytes = n;
            return this;
        }

        /** @throws IOException if the directory or the audit log cannot be created */
        public RelayTap build() throws IOException {
            return new RecordingTap(dir, maxBytes, keep, new RecordingTap.Contents(sftpContents, forwardedBytes, contentsMaxBytes));
        }
    }
}
