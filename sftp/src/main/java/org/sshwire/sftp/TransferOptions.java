package org.sshwire.sftp;

import org.sshwire.sftp.internal.SftpFraming;

/**
 * How {@link SftpClient#get} and {@link SftpClient#put} move data.
 *
 * <pre>{@code
 * TransferOptions o = TransferOptions.defaults().withResume(true).withPreserve(true)
 *         .withListener((path, done, total) -> System.err.printf("%s %d/%d%n", path, done, total));
 * }</pre>
 *
 * @param maxRequests outstanding READ/WRITE requests per file (OpenSSH's -R, default 64)
 * @param chunkSize   bytes per request (OpenSSH's -B, default 32 KiB)
 * @param resume      continue from the size of the existing destination (reget / reput)
 * @param preserve    copy modification/access times and permission bits (get -p / put -p)
 * @param listener    progress callback, may be null
 */
public record TransferOptions(int maxRequests, int chunkSize, boolean resume, boolean preserve,
                              Listener listener) {
    /** Progress of one file: bytes transferred so far (including a resumed prefix) and its size. */
    @FunctionalInterface
    public interface Listener {
        void progress(String remotePath, long transferred, long total);
    }

    public TransferOptions {
        if (maxRequests < 1 || chunkSize < 1 || chunkSize > SftpFraming.DEFAULT_MAX_PACKET - 1024) {
            throw new IllegalArgumentException("maxRequests >= 1 and 1 <= chunkSize <= 255 KiB");
        }
    }

    public static TransferOptions defaults() {
        return new TransferOptions(64, 32 * 1024, false, false, null);
    }

    public TransferOptions withRequests(int n, int size) {
        return new TransferOptions(n, size, resume, preserve, listener);
    }

    public TransferOptions withResume(boolean r) {
        return new TransferOptions(maxRequests, chunkSize, r, preserve, listener);
    }

    public TransferOptions withPreserve(boolean p) {
        return new TransferOptions(maxRequests, chunkSize, resume, p, listener);
    }

    public TransferOptions withListener(Listener l) {
        return new TransferOptions(maxRequests, chunkSize, resume, preserve, l);
    }
}
