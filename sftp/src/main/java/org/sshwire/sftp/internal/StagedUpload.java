package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.sshwire.sftp.internal.SftpOperation;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.SftpFileSystem;
import org.sshwire.sftp.StatVfs;
import org.sshwire.sftp.StatusCode;

/**
 * An upload that replaces an existing file all at once: the data goes to a temp file beside the
 * target (see {@link UploadTempFiles}), and only a clean {@link #close()} commits it — fsync the
 * temp file, give it the owner of the file it replaces, rename(2) it over the target, fsync the
 * directory. Anything else discards it and leaves the target exactly as it was: a failed write
 * (the close then fails too, with the reason), {@link #abort()} (the session ended without
 * CLOSE), or the JVM stopping ({@link UploadTempFiles} aborts every live upload).
 *
 * <p>The temp file is given the target's mode and group when it is made (RootedFileSystem), so a
 * client's FSETSTAT on the handle applies to what will become the file; the owner, which only
 * root may give away, is set at commit, so that until then the temp file is provably ours for
 * the stale-file sweep.
 */
public final class StagedUpload implements SftpFileSystem.File {
    private static final System.Logger LOG = System.getLogger(StagedUpload.class.getName());

    private enum State { OPEN, COMMITTED, DISCARDED }

    private final NioSftpFile temp;
    private final Path tempPath;
    private final Path target;
    /** The target's owner, to give the temp file at commit (we run as root), or -1. */
    private final int ownerAtCommit;
    /** The first write or fsync that failed; the upload can then only be discarded. */
    private volatile IOException failure;
    private volatile boolean ownerSetByClient;
    /** Guarded by this: commit and discard exclude each other, whichever thread calls them. */
    private State state = State.OPEN;

    public StagedUpload(FileChannel ch, Path tempPath, Path target, int ownerAtCommit, NioAttributes attributes) {
        this.temp = new NioSftpFile(ch, tempPath, attributes);
        this.tempPath = tempPath;
        this.target = target;
        this.ownerAtCommit = ownerAtCommit;
        UploadTempFiles.register(this);
    }

    Path tempPath() {
        return tempPath;
    }

    @Override
    public int read(long offset, byte[] buf, int off, int len) throws IOException {
        return temp.read(offset, buf, off, len);
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        return temp.read(offset, dst);
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len) throws IOException {
        try {
            temp.write(offset, buf, off, len);
        } catch (IOException e) {
            failed(e);
            throw e;
        }
    }

    @Override
    public FileAttributes stat() throws IOException {
        return temp.stat();
    }

    @Override
    public void setStat(FileAttributes attrs) throws IOException {
        if (attrs.has(FileAttributes.UIDGID)) {
            ownerSetByClient = true; // the client's chown wins over keeping the old owner
        }
        temp.setStat(attrs);
    }

    @Override
    public void sync() throws IOException {
        try {
            temp.sync();
        } catch (IOException e) {
            failed(e); // data the client wrote may be lost: never commit it
            throw e;
        }
    }

    @Override
    public StatVfs statVfs() throws IOException {
        return temp.statVfs();
    }

    private void failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Commits the upload, unless a write failed or it was discarded: then the target is unchanged and this throws. */
    @Override
    public synchronized void close() throws IOException {
        if (state == State.COMMITTED) {
            return;
        }
        if (state == State.DISCARDED) {
            throw new SftpException(StatusCode.FAILURE, "upload discarded (server stopping); " + name() + " unchanged");
        }
        try {
            IOException f = failure;
            if (f != null) {
                throw new SftpException(StatusCode.FAILURE, reason(f) + "; upload discarded, " + name() + " unchanged");
            }
            commit();
            state = State.COMMITTED;
        } catch (IOException | RuntimeException e) {
            discard();
            if (e instanceof SftpException) {
                throw e;
            }
            throw new SftpException(SftpOperation.statusCodeOf(e) == StatusCode.PERMISSION_DENIED
                    ? StatusCode.PERMISSION_DENIED : StatusCode.FAILURE,
                    reason(e) + "; upload discarded, " + name() + " unchanged");
        } finally {
            UploadTempFiles.unregister(this);
        }
    }

    private void commit() throws IOException {
        FileChannel ch = temp.channel();
        if (ownerAtCommit >= 0 && !ownerSetByClient) {
            // chown(2) clears set-id bits: put the mode back after it.
            Object mode = Files.getAttribute(tempPath, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(tempPath, "unix:uid", ownerAtCommit, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(tempPath, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        }
        // Data and inode reach the disk before the rename does: otherwise a crash soon after can
        // leave the new name on an empty or partial file (ext4 with delalloc, xfs) — the very
        // loss the temp file exists to prevent.
        ch.force(true);
        ch.close();
        // Atomic: readers see the old file or the new one, never a mixture (rename(2)).
        Files.move(tempPath, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /**
     * fsync(2) on the directory, so the rename itself is on disk when CLOSE is answered OK:
     * without it a crash can bring back the old file after the client was told the new one is
     * there (never a broken one — the data was synced first). Best effort: Linux allows opening a
     * directory to fsync it, other platforms and providers may not, and nothing is lost then.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot fsync directory " + dir, e);
        }
    }

    /** Discards the upload (the session ended without CLOSE, or the server is stopping). */
    @Override
    public synchronized void abort() {
        if (state != State.OPEN) {
            return;
        }
        discard();
        UploadTempFiles.unregister(this);
    }

    /** Under the lock: close and delete the temp file; the target is never touched. */
    private void discard() {
        state = State.DISCARDED;
        try {
            temp.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing upload temp file", e);
        }
        try {
            Files.deleteIfExists(tempPath);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove upload temp file " + tempPath, e);
        }
    }

    private String name() {
        return String.valueOf(target.getFileName());
    }

    /** The errno text, without the server's real paths (which a FileSystemException's message carries). */
    static String reason(Throwable e) {
        if (e instanceof SftpException) {
            return ((SftpException) e).serverMessage();
        }
        String r = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        return r == null || r.isEmpty() ? e.getClass().getSimpleName() : r;
    }
}
