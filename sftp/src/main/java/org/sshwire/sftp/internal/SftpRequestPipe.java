package org.sshwire.sftp.internal;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.StatusCode;

/**
 * The client's side of the stream: numbers requests, writes them, and matches responses to
 * requests by id on a reader thread (draft-ietf-secsh-filexfer-02 §3: replies may come in any
 * order across handles). Any number of requests may be outstanding; callers bound themselves.
 */
public final class SftpRequestPipe implements Closeable {
    private static final System.Logger LOG = System.getLogger(SftpRequestPipe.class.getName());

    private final DataInputStream in;
    private final OutputStream out;
    private final Map<Integer, CompletableFuture<SftpPacket.Response>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Thread reader;
    private volatile IOException failure;

    public SftpRequestPipe(DataInputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
        this.reader = new Thread(this::readLoop, "sftp-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static byte[] readFrame(DataInputStream in) throws IOException {
        long len = in.readInt() & 0xffffffffL;
        // A server may send a little more than 256 KiB (DATA of a 256 KiB read plus header).
        if (len == 0 || len > SftpFraming.DEFAULT_MAX_PACKET + 1024) {
            throw new SftpException(StatusCode.BAD_MESSAGE, "packet length " + len);
        }
        byte[] b = new byte[(int) len];
        in.readFully(b);
        return b;
    }

    private void readLoop() {
        try {
            while (true) {
                SftpPacket p = SftpPacket.decode(new SshReader(readFrame(in)).lenient());
                if (!(p instanceof SftpPacket.Response)) {
                    throw new SftpException(StatusCode.BAD_MESSAGE, "unexpected packet type " + p.type());
                }
                int id = ((SftpPacket.Response) p).id();
                CompletableFuture<SftpPacket.Response> f = pending.remove(id);
                if (f == null) {
                    LOG.log(System.Logger.Level.DEBUG, "reply to unknown request {0}", id);
                } else {
                    f.complete((SftpPacket.Response) p);
                }
            }
        } catch (IOException | WireFormatException e) {
            IOException cause = e instanceof EOFException
                    ? new SftpException(StatusCode.CONNECTION_LOST, "connection closed")
                    : e instanceof IOException ? (IOException) e : new SftpException(StatusCode.BAD_MESSAGE, e.getMessage());
            failure = cause;
            pending.values().forEach(f -> f.completeExceptionally(cause));
            pending.clear();
        }
    }

    /** Sends a request built for a fresh id; the future completes with its response. */
    public CompletableFuture<SftpPacket.Response> send(IntFunction<SftpPacket.Request> build) throws IOException {
        int id = nextId.getAndIncrement();
        CompletableFuture<SftpPacket.Response> f = new CompletableFuture<>();
        pending.put(id, f);
        IOException failed = failure;
        if (failed != null) {
            pending.remove(id);
            throw failed;
        }
        byte[] frame = build.apply(id).toFrame();
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
        return f;
    }

    public static SftpPacket.Response await(CompletableFuture<SftpPacket.Response> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        }
    }

    /** Closes the output (the server sees EOF), waits briefly for the reader to end. */
    @Override
    public void close() throws IOException {
        close(null);
    }

    /**
     * As {@link #close()}; {@code endInput}, run once our EOF is written, ends the input at once
     * (its owner closes the channel), so the reader stops now instead of when the server's own
     * EOF comes back, a round trip later. Requests still unanswered then fail.
     */
    public void close(Runnable endInput) throws IOException {
        try {
            out.close();
        } finally {
            if (endInput != null) {
                endInput.run();
            }
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            in.close();
        }
    }
}
