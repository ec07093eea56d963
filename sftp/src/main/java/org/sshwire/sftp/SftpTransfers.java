package org.sshwire.sftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.NameEntry;
import org.sshwire.sftp.internal.NioAttributes;
import org.sshwire.sftp.OpenFlags;
import org.sshwire.sftp.SftpClient;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.SftpHandle;
import org.sshwire.sftp.StatusCode;
import org.sshwire.sftp.TransferOptions;
import org.sshwire.sftp.internal.SftpPacket;

/**
 * Pipelined get and put (as OpenSSH's sftp-client.c do_download / do_upload): up to
 * {@link TransferOptions#maxRequests()} READ or WRITE requests of
 * {@link TransferOptions#chunkSize()} bytes are outstanding at once; responses are consumed in
 * request order and data lands at its own offset, so short reads are simply re-requested.
 */
final class SftpTransfers {
    private final SftpClient c;
    private final TransferOptions o;

    public SftpTransfers(SftpClient client, TransferOptions options) {
        this.c = client;
        this.o = options;
    }

    private record Pending(long offset, int length, CompletableFuture<SftpPacket.Response> reply) {
    }

    /** The round trip of the request before the transfer; sizes {@link RequestPipeline}. */
    private long rttNanos;

    /**
     * Bytes per READ or WRITE. Sized to the path (the default), the server's
     * {@code limits@openssh.com} read or write length, at most 255 KiB, as OpenSSH's sftp uses it
     * when no {@code -B} is given (sftp-client.c {@code sftp_init}); otherwise the chosen size.
     */
    private int chunk(boolean read) throws IOException {
        SftpClient.Limits l = o.sizedToPath() ? c.cachedLimits() : null;
        long limit = l == null ? 0 : read ? l.maxReadLength() : l.maxWriteLength();
        return limit > 0 ? (int) Math.min(limit, TransferOptions.MAX_CHUNK) : o.chunkSize();
    }

    /** As many requests as OpenSSH's sftp has outstanding in bytes (the options' requests x size), at least one. */
    private int initialRequests(int chunk) {
        return (int) Math.max(1, Math.min(RequestPipeline.MAX_REQUESTS, (long) o.maxRequests() * o.chunkSize() / chunk));
    }

    public void get(String remote, Path local) throws IOException {
        // OPEN and STAT of the path go together, so the size comes with the handle instead of a
        // round trip after it (an FSTAT needs the handle). OpenSSH's sftp also sizes a download
        // by a stat of the path, sent a round trip before its OPEN (sftp-client.c do_download).
        long t0 = System.nanoTime();
        CompletableFuture<SftpPacket.Response> opened = c.send(id -> new SftpPacket.Open(id, remote, OpenFlags.READ, FileAttributes.EMPTY));
        CompletableFuture<SftpPacket.Response> stat = c.send(id -> new SftpPacket.Stat(id, remote));
        SftpPacket.Response r = SftpClient.await(opened);
        if (!(r instanceof SftpPacket.Handle)) {
            SftpClient.await(stat); // answered too; the OPEN's refusal is the one reported
            throw SftpClient.unexpected(r);
        }
        SftpHandle h = new SftpHandle(((SftpPacket.Handle) r).handle());
        try {
            SftpPacket.Response sr = SftpClient.await(stat);
            rttNanos = System.nanoTime() - t0; // the pair's round trip: sizes the pipeline
            // A path replaced between the two is still read to its end; only a STAT that failed
            // where the OPEN worked needs the handle's own attributes.
            FileAttributes a = sr instanceof SftpPacket.Attrs ? ((SftpPacket.Attrs) sr).attrs() : c.fstat(h);
            long size = a.has(FileAttributes.SIZE) ? a.size() : Long.MAX_VALUE;
            long start = 0;
            if (o.resume() && Files.exists(local)) {
                start = Files.size(local);
                if (start > size) {
                    throw new SftpException(StatusCode.FAILURE, "local file is larger than " + remote);
                }
            }
            try (FileChannel ch = FileChannel.open(local, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    o.resume() ? StandardOpenOption.READ : StandardOpenOption.TRUNCATE_EXISTING)) {
                download(h, remote, ch, start, size);
            }
            if (o.preserve()) {
                preserveLocal(local, a);
            }
        } finally {
            c.closeReadHandle(h);
        }
    }

    private void download(SftpHandle h, String remote, FileChannel ch, long start, long size) throws IOException {
        ArrayDeque<Pending> q = new ArrayDeque<>();
        int chunk = chunk(true);
        RequestPipeline pipeline = new RequestPipeline(initialRequests(chunk), chunk, rttNanos, o.sizedToPath());
        long next = start;
        long done = start;
        boolean eof = false;
        boolean probed = false;
        while (true) {
            while (!eof && q.size() < pipeline.requests() && (next < size || !probed || q.isEmpty())) {
                // Up to the size fstat gave, exactly (the last request is cut to it); then one READ
                // at that size goes with the last data requests, so its EOF ends the download
                // without a round trip of its own. A file that grew meanwhile is read on, one
                // request at a time, to EOF.
                int len = next < size ? (int) Math.min(chunk, size - next) : chunk;
                probed |= next >= size;
                q.add(read(h, next, len));
                next += len;
            }
            Pending p = q.poll();
            if (p == null) {
                break;
            }
            SftpPacket.Response r = SftpClient.await(p.reply());
            if (r instanceof SftpPacket.Data) {
                Bytes d = ((SftpPacket.Data) r).data();
                if (d.length() > p.length()) {
                    throw new SftpException(StatusCode.BAD_MESSAGE, "server sent more than requested");
                }
                ByteBuffer bb = d.asReadOnlyBuffer();
                while (bb.hasRemaining()) {
                    ch.write(bb, p.offset() + bb.position());
                }
                done += d.length();
                pipeline.completed(d.length(), System.nanoTime());
                if (d.length() < p.length() && d.length() > 0) {
                    // short read: ask for the rest of this range
                    q.add(read(h, p.offset() + d.length(), p.length() - d.length()));
                }
                if (o.listener() != null) {
                    o.listener().progress(remote, done, size);
                }
            } else if (r instanceof SftpPacket.Status && ((SftpPacket.Status) r).code() == StatusCode.EOF) {
                eof = true;
            } else {
                drain(q);
                throw SftpClient.unexpected(r);
            }
        }
    }

    private Pending read(SftpHandle h, long offset, int len) throws IOException {
        return new Pending(offset, len, c.send(id -> new SftpPacket.Read(id, h.value(), offset, len)));
    }

    private static void drain(ArrayDeque<Pending> q) {
        for (Pending p : q) {
            try {
                SftpClient.await(p.reply());
            } catch (IOException ignored) {
                // the first failure is the one reported
            }
        }
    }

    public void put(Path local, String remote) throws IOException {
        long start = 0;
        int flags = OpenFlags.WRITE | OpenFlags.CREAT;
        if (o.resume()) {
            try {
                start = c.stat(remote).size();
            } catch (SftpException e) {
                if (e.status() != StatusCode.NO_SUCH_FILE) {
                    throw e;
                }
            }
            if (start > Files.size(local)) {
                throw new SftpException(StatusCode.FAILURE, "remote file is larger than " + local);
            }
        } else {
            flags |= OpenFlags.TRUNC;
        }
        FileAttributes localAttrs = localAttributes(local);
        FileAttributes createWith = FileAttributes.EMPTY.withPermissions(localAttrs.permissions() & 0777);
        long t0 = System.nanoTime();
        SftpHandle h = c.open(remote, flags, createWith);
        rttNanos = System.nanoTime() - t0; // one request's round trip (and the file's creation): sizes the pipeline
        boolean closed = false;
        try {
            upload(h, remote, local, start);
            if (o.preserve()) {
                c.fsetStat(h, FileAttributes.EMPTY.withPermissions(localAttrs.permissions() & 07777)
                        .withTimes(localAttrs.atime(), localAttrs.mtime()));
            }
            closed = true;
            c.close(h);
        } finally {
            if (!closed) {
                try {
                    c.close(h);
                } catch (IOException ignored) {
                    // report the transfer's failure
                }
            }
        }
    }

    private void upload(SftpHandle h, String remote, Path local, long start) throws IOException {
        ArrayDeque<CompletableFuture<SftpPacket.Response>> q = new ArrayDeque<>();
        long total = Files.size(local);
        long done = start;
        int chunk = chunk(false);
        RequestPipeline pipeline = new RequestPipeline(initialRequests(chunk), chunk, rttNanos, o.sizedToPath());
        try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
            long offset = start;
            byte[] buf = new byte[chunk];
            while (true) {
                int n = 0;
                while (n < buf.length) {
                    int k = ch.read(ByteBuffer.wrap(buf, n, buf.length - n), offset + n);
                    if (k < 0) {
                        break;
                    }
                    n += k;
                }
                if (n == 0) {
                    break;
                }
                long at = offset;
                Bytes data = Bytes.of(buf, 0, n);
                q.add(c.send(id -> new SftpPacket.Write(id, h.value(), at, data)));
                offset += n;
                while (q.size() >= pipeline.requests()) {
                    done = ack(q, done, chunk, remote, total);
                    pipeline.completed(chunk, System.nanoTime());
                }
            }
            while (!q.isEmpty()) {
                done = ack(q, done, chunk, remote, total);
            }
        }
    }

    private long ack(ArrayDeque<CompletableFuture<SftpPacket.Response>> q, long done, int n, String remote,
                     long total) throws IOException {
        SftpPacket.Response r = SftpClient.await(q.poll());
        if (!(r instanceof SftpPacket.Status) || ((SftpPacket.Status) r).code() != StatusCode.OK) {
            q.forEach(f -> f.cancel(false));
            throw SftpClient.unexpected(r);
        }
        long d = Math.min(total, done + n);
        if (o.listener() != null) {
            o.listener().progress(remote, d, total);
        }
        return d;
    }

    static FileAttributes localAttributes(Path p) throws IOException {
        return NioAttributes.of(p.getFileSystem()).read(p, true);
    }

    private static void preserveLocal(Path local, FileAttributes a) throws IOException {
        if (a.has(FileAttributes.PERMISSIONS) && local.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(local, NioAttributes.fromBits(a.permissions() & 0777));
        }
        if (a.has(FileAttributes.ACMODTIME)) {
            Files.getFileAttributeView(local, java.nio.file.attribute.BasicFileAttributeView.class).setTimes(
                    FileTime.fromMillis(a.mtime() * 1000), FileTime.fromMillis(a.atime() * 1000), null);
        }
    }

    public void getTree(String remoteDir, Path localDir) throws IOException {
        Files.createDirectories(localDir);
        for (NameEntry e : c.list(remoteDir)) {
            String child = remoteDir.endsWith("/") ? remoteDir + e.filename() : remoteDir + "/" + e.filename();
            Path target = localDir.resolve(e.filename());
            if (e.filename().contains("/") || !target.getParent().equals(localDir)) {
                throw new SftpException(StatusCode.BAD_MESSAGE, "server sent a bad name: " + e.filename());
            }
            if (e.attrs().isDirectory()) {
                getTree(child, target);
            } else if (e.attrs().isRegularFile() || !e.attrs().has(FileAttributes.PERMISSIONS)) {
                get(child, target);
            }
        }
        if (o.preserve()) {
            preserveLocal(localDir, c.stat(remoteDir));
        }
    }

    public void putTree(Path localDir, String remoteDir) throws IOException {
        try {
            c.mkdir(remoteDir, FileAttributes.EMPTY.withPermissions(localAttributes(localDir).permissions() & 0777));
        } catch (SftpException e) {
            if (!c.stat(remoteDir).isDirectory()) {
                throw e;
            }
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(localDir)) {
            children = s.sorted().toList();
        }
        for (Path p : children) {
            String child = remoteDir + "/" + p.getFileName();
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                putTree(p, child);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                put(p, child);
            }
        }
        if (o.preserve()) {
            FileAttributes a = localAttributes(localDir);
            c.setStat(remoteDir, FileAttributes.EMPTY.withTimes(a.atime(), a.mtime()));
        }
    }
}
