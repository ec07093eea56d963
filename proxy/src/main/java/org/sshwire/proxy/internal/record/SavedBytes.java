package org.sshwire.proxy.internal.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One saved stream of recorded bytes: an SFTP file's contents as written or read through a
 * handle, each byte at its file offset (a region nobody wrote stays a hole of a sparse file), or a
 * forwarded channel's bytes in one direction, appended. Bytes are written straight to the file (no
 * buffer to lose in a crash) and count against the connection's {@link ContentBudget}.
 *
 * <p>Recording must never fail the relay: a chunk over the budget or a write that fails (a
 * peer-chosen offset past what the file system allows, a full disk) stops this file for good,
 * and {@link #stopped()} says why.
 */
final class SavedBytes implements AutoCloseable {
    private final Path path;
    private final ContentBudget budget;
    private final MessageDigest sha;
    private FileChannel file;
    /** The digest covers bytes [0, hashed) while every chunk came at the end of the last. */
    private long hashed;
    private boolean inOrder = true;
    private long saved;
    private long end;
    private String stopped;
    private String sha256;

    SavedBytes(Path path, ContentBudget budget) throws IOException {
        this.path = path;
        this.budget = budget;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    Path path() {
        return path;
    }

    /** Appends {@code data} at the end of what was saved so far. */
    synchronized boolean append(ByteBuffer data) {
        return save(end, data);
    }

    /**
     * Saves {@code data} at {@code offset}. Returns true if this call stopped the file (the
     * caller logs {@link #stopped()} once); false if it saved the chunk or the file was stopped
     * already.
     */
    synchronized boolean save(long offset, ByteBuffer data) {
        if (stopped != null || file == null) {
            return false;
        }
        int n = data.remaining();
        if (offset < 0 || offset > Long.MAX_VALUE - n) {
            return stop("offset " + Long.toUnsignedString(offset) + " is beyond what a file can hold");
        }
        if (!budget.take(n)) {
            return stop(budget.exhausted());
        }
        try {
            ByteBuffer b = data.duplicate();
            for (long at = offset; b.hasRemaining(); ) {
                at += file.write(b, at);
            }
        } catch (IOException | RuntimeException e) {
            return stop("cannot write " + path.getFileName() + ": " + e.getMessage());
        }
        saved += n;
        end = Math.max(end, offset + n);
        if (inOrder && offset == hashed) {
            sha.update(data.duplicate());
            hashed += n;
        } else {
            inOrder = false; // out of order, overlapping or past a hole: hashed from the file at close
        }
        return false;
    }

    private boolean stop(String why) {
        stopped = why;
        return true;
    }

    /** Why the file stopped short of the whole stream, or null. */
    synchronized String stopped() {
        return stopped;
    }

    /** Bytes saved (a byte saved twice counts twice). */
    synchronized long saved() {
        return saved;
    }

    /** The SHA-256 (hex) of the file as saved, once closed. */
    synchronized String sha256() {
        return sha256;
    }

    @Override
    public synchronized void close() throws IOException {
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
        } finally {
            file.close();
            file = null;
        }
    }
}
