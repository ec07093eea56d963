package org.sshwire.proxy.internal.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One saved stream of recorded bytes: an SFTP file's contents as written or read through a
 * handle, each byte at its file offset (a region nobody wrote stays a hole of a sparse file), or a
 * forwarded channel's bytes in one direction, appended. The relay's thread only hands chunks over
 * ({@link #save}); the {@link ContentWriter}'s thread creates the file, writes each chunk straight
 * to it (no buffer to lose in a crash) and, at {@link #close}, its SHA-256. Chunks count against
 * the connection's {@link ContentBudget}.
 *
 * <p>Recording never fails or slows the relay: a chunk over the budget, one the writer has no
 * room to queue, or a write that fails (a peer-chosen offset past what the file system allows, a
 * full disk) stops this file for good, and {@link #stopped()} says why.
 */
final class SavedBytes {
    private final Path path;
    private final ContentBudget budget;
    private final ContentWriter writer;
    private final AtomicReference<String> stopped = new AtomicReference<>();
    /** Where the next appended chunk goes (the relay's side). */
    private long appendAt;

    // The writer's thread only, from here on.
    private final MessageDigest sha;
    private FileChannel file;
    /** The digest covers bytes [0, hashed) while every chunk came at the end of the last. */
    private long hashed;
    private boolean inOrder = true;
    /** A write failed: nothing more goes to the file (chunks queued before a stop by the relay's side still do). */
    private boolean failed;
    private volatile String sha256;

    SavedBytes(Path path, ContentBudget budget, ContentWriter writer) {
        this.path = path;
        this.budget = budget;
        this.writer = writer;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        if (!writer.run(this::open)) {
            stop("the recorder is closed");
        }
    }

    private void open() {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            stop("cannot create " + path.getFileName() + ": " + e.getMessage());
        }
    }

    Path path() {
        return path;
    }

    /** Appends {@code data} after the chunks appended before it. */
    synchronized boolean append(ByteBuffer data) {
        boolean stoppedNow = save(appendAt, data);
        appendAt += data.remaining();
        return stoppedNow;
    }

    /**
     * Hands over {@code data} (not copied: it must not change) to be saved at {@code offset}.
     * Returns true if this call stopped the file (the caller logs {@link #stopped()} once); false
     * if the chunk was queued or the file was stopped already.
     */
    boolean save(long offset, ByteBuffer data) {
        if (stopped.get() != null) {
            return false;
        }
        int n = data.remaining();
        if (offset < 0 || offset > Long.MAX_VALUE - n) {
            return stop("offset " + Long.toUnsignedString(offset) + " is beyond what a file can hold");
        }
        if (!budget.take(n)) {
            return stop(budget.exhausted());
        }
        ByteBuffer chunk = data.duplicate();
        if (!writer.write(n, () -> write(offset, chunk))) {
            return stop("the disk fell behind the sessions: over " + writer.maxPending() + " bytes were waiting to be written");
        }
        return false;
    }

    private void write(long offset, ByteBuffer data) {
        if (file == null || failed) {
            return;
        }
        int n = data.remaining();
        try {
            ByteBuffer b = data.duplicate();
            for (long at = offset; b.hasRemaining(); ) {
                at += file.write(b, at);
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            stop("cannot write " + path.getFileName() + ": " + e.getMessage());
            return;
        }
        if (inOrder && offset == hashed) {
            sha.update(data);
            hashed += n;
        } else {
            inOrder = false; // out of order, overlapping or past a hole: hashed from the file at close
        }
    }

    private boolean stop(String why) {
        return stopped.compareAndSet(null, why);
    }

    /** Why the file stopped short of the whole stream, or null. */
    String stopped() {
        return stopped.get();
    }

    /** The SHA-256 (hex) of the file as saved, once closed. */
    String sha256() {
        return sha256;
    }

    /** Closes the file after its queued writes, then tells {@code then} (on the writer's thread). */
    void close(Consumer<SavedBytes> then) {
        if (!writer.run(() -> {
            finish();
            then.accept(this);
        })) {
            then.accept(this);
        }
    }

    private void finish() {
        if (file == null) {
            return;
        }
        try {
            if (!inOrder) {
                // Read back what was saved, holes (zeros) included, so the digest is the file's.
                sha.reset();
                ByteBuffer b = ByteBuffer.allocate(64 << 10);
                long at = 0;
                for (int r; (r = file.read(b.clear(), at)) > 0; at += r) {
                    sha.update(b.flip());
                }
            }
            sha256 = HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            stop("cannot read " + path.getFileName() + " back: " + e.getMessage());
        } finally {
            try {
                file.close();
            } catch (IOException e) {
                stop("cannot close " + path.getFileName() + ": " + e.getMessage());
            }
            file = null;
        }
    }
}
