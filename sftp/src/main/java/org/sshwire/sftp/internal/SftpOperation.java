package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.StatusCode;

/**
 * One piece of filesystem work the {@link SftpServerEngine} hands to its driver: the driver
 * calls {@link #run()} on any thread (an executor, never under the engine's lock), then gives
 * the operation back with {@link SftpServerEngine#complete(SftpOperation)}.
 *
 * <pre>{@code
 * SftpOperation op;
 * while ((op = engine.pollOperation()) != null) {
 *     SftpOperation o = op;
 *     executor.execute(() -> { o.run(); synchronized (engine) { engine.complete(o); } });
 * }
 * }</pre>
 */
public final class SftpOperation {
    private static final System.Logger LOG = System.getLogger(SftpOperation.class.getName());

    /** The filesystem call; returns a response packet or an internal result for the engine. */
    @FunctionalInterface
    interface Work {
        Object run() throws IOException;
    }

    final int requestId;
    final String name;
    final Object lane;
    final Work work;
    private volatile Object result;
    private volatile boolean ran;

    SftpOperation(int requestId, String name, Object lane, Work work) {
        this.requestId = requestId;
        this.name = name;
        this.lane = lane;
        this.work = work;
    }

    /** The SFTP request this operation serves (for logs): "read", "open", "statvfs", ... */
    public String requestName() {
        return name;
    }

    /**
     * Does the filesystem work. Never throws: failures become an SSH_FXP_STATUS. That includes
     * an {@link Error} from a file system provider (a stack overflow, a class that failed to
     * load): uncaught, it would leave the request unanswered and the session waiting for good.
     */
    public void run() {
        Object r;
        try {
            r = work.run();
        } catch (IOException | RuntimeException e) {
            r = status(requestId, e);
        } catch (Error e) {
            LOG.log(System.Logger.Level.WARNING, "SFTP " + name + " failed", e);
            r = new SftpPacket.Status(requestId, StatusCode.FAILURE, "internal error: " + e, "");
        }
        result = r;
        ran = true;
    }

    boolean hasRun() {
        return ran;
    }

    Object result() {
        return result;
    }

    /** The status OpenSSH's sftp-server would send for this failure (errno_to_portable). */
    static SftpPacket.Status status(int id, Throwable e) {
        if (e instanceof SftpException) {
            SftpException s = (SftpException) e;
            return new SftpPacket.Status(id, s.status(), s.serverMessage(), "");
        }
        return SftpPacket.Status.of(id, statusCodeOf(e));
    }

    public static int statusCodeOf(Throwable e) {
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException
                || e instanceof InvalidPathException) {
            return StatusCode.NO_SUCH_FILE;
        }
        if (e instanceof AccessDeniedException) {
            return StatusCode.PERMISSION_DENIED;
        }
        if (e instanceof UnsupportedOperationException) {
            return StatusCode.OP_UNSUPPORTED;
        }
        if (e instanceof FileSystemException) {
            String reason = String.valueOf(((FileSystemException) e).getReason());
            if (reason.contains("Too many levels of symbolic links")) {
                return StatusCode.NO_SUCH_FILE; // ELOOP
            }
            if (reason.contains("File name too long") || reason.contains("Invalid argument")) {
                return StatusCode.BAD_MESSAGE; // ENAMETOOLONG, EINVAL
            }
            if (reason.contains("Operation not permitted") || reason.contains("Permission denied")) {
                return StatusCode.PERMISSION_DENIED; // EPERM, EACCES
            }
        }
        return StatusCode.FAILURE;
    }
}
