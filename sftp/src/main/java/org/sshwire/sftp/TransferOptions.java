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
 * @param maxRequests outstanding READ/WRITE requests per file (OpenSSH's -R, default 64); sized to the
 *                    path, the bytes they add up to are where the pipeline starts
 * @param chunkSize   bytes per request (OpenSSH's -B, default 32 KiB); sized to the path, the server's
 *                    {@code limits@openssh.com} read/write length is used instead when it offers one
 * @param resume      continue from the size of the existing destination (reget / reput)
 * @param preserve    copy modification/access times and permission bits (get -p / put -p)
 * @param listener    progress callback, may be null
 * @param sizedToPath requests sized from {@code limits@openssh.com}, and as many outstanding as the
 *                    path carries: doubled while replies come back within two round trips, up to
 *                    64 MiB (default true; {@link #withRequests} turns it off, as OpenSSH's -R/-B fix them)
 */
public record TransferOptions(int maxRequests, int chunkSize, boolean resume, boolean preserve,
                              Listener listener, boolean sizedToPath) {
    /** The largest request: an SFTP packet of 256 KiB less room for its header. */
    public static final int MAX_CHUNK = SftpFraming.DEFAULT_MAX_PACKET - 1024;

    /** Progress of one file: bytes transferred so far (including a resumed prefix) and its size. */
    @FunctionalInterface
    public interface Listener {
        void progress(String remotePath, long transferred, long total);
    }

    public TransferOptions {
        if (maxRequests < 1 || chunkSize < 1 || chunkSize > MAX_CHUNK) {
            throw new IllegalArgumentException("maxRequests >= 1 and 1 <= chunkSize <= 255 KiB");
        }
    }

    public static TransferOptions defaults() {
        return new TransferOptions(64, 32 * 1024, false, false, null, true);
    }

    /** Exactly {@code n} outstanding requests of {@code size} bytes (not {@link #sizedToPath()}). */
    public TransferOptions withRequests(int n, int size) {
        return new TransferOptions(n, size, resume, preserve, listener, false);
    }

    public TransferOptions withSizedToPath(boolean s) {
        return new TransferOptions(maxRequests, chunkSize, resume, preserve, listener, s);
    }

    public TransferOptions withResume(boolean r) {
        return new TransferOptions(maxRequests, chunkSize, r, preserve, listener, sizedToPath);
    }

    public TransferOptions withPreserve(boolean p) {
        return new TransferOptions(maxRequests, chunkSize, resume, p, listener, sizedToPath);
    }

    public TransferOptions withListener(Listener l) {
        return new TransferOptions(maxRequests, chunkSize, resume, preserve, l, sizedToPath);
    }
}
