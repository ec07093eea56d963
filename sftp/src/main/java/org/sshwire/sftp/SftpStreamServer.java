package org.sshwire.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.sshwire.sftp.internal.SftpServerEngine;
import org.sshwire.sftp.internal.SftpOperation;
import org.sshwire.sftp.internal.ReplyCoalescer;

/**
 * Runs an {@link SftpServerEngine} over a blocking stream pair (stdin/stdout of a subsystem
 * process, an SSH channel's streams, pipes in tests): the calling thread reads, filesystem
 * operations run on {@code executor}, and output is written outside the engine's lock by
 * whichever thread produced it, in engine order (a separate write lock keeps the order).
 * An operation the executor refuses (it was shut down, or its queue is full) runs on the thread
 * that released it, after that thread leaves the engine's lock, so the session still ends
 * cleanly.
 *
 * <pre>{@code
 * ExecutorService pool = Executors.newFixedThreadPool(4);
 * new SftpStreamServer(RootedFileSystem.at(root), SftpServerConfig.defaults(), pool)
 *         .serve(System.in, System.out);   // returns when the client closes its side
 * }</pre>
 */
public final class SftpStreamServer {
    private static final System.Logger LOG = System.getLogger(SftpStreamServer.class.getName());
    private static final int READ_CHUNK = 256 * 1024;

    private final SftpServerEngine engine;
    private final Executor executor;
    private final Object writeLock = new Object();
    /** Output not yet written, packed into full channel packets; guarded by {@link #writeLock}. */
    private final ReplyCoalescer coalescer = new ReplyCoalescer();
    /** Replies taken from the engine and not yet packed; guarded by {@link #writeLock}. */
    private final ArrayDeque<ByteBuffer> polled = new ArrayDeque<>();
    private OutputStream out;
    /** {@link #out} when it also takes buffers (an SSH channel's output), else null. */
    private WritableByteChannel outChannel;
    private volatile boolean outputBroken;

    public SftpStreamServer(SftpFileSystem fs, SftpServerConfig config, Executor executor) {
        this.engine = new SftpServerEngine(Objects.requireNonNull(fs, "fs"), Objects.requireNonNull(config, "config"));
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Serves one session until the client's EOF (or a protocol error); then releases all handles. */
    public void serve(InputStream in, OutputStream output) throws IOException {
        this.out = output;
        this.outChannel = output instanceof WritableByteChannel w ? w : null;
        byte[] buf = new byte[READ_CHUNK];
        try {
            while (true) {
                synchronized (engine) {
                    while (!engine.wantsInput() && !engine.isClosed() && !outputBroken) {
                        waitOn(engine);
                    }
                    if (engine.isClosed() || outputBroken) {
                        break;
                    }
                }
                int n = in.read(buf);
                List<SftpOperation> refused;
                synchronized (engine) {
                    if (n < 0) {
                        engine.receiveEof();
                    } else {
                        engine.receive(ByteBuffer.wrap(buf, 0, n));
                    }
                    refused = startOperations();
                }
                refused.forEach(this::runFrom);
                flush(Flush.IF_NEW);
                if (n < 0) {
                    break;
                }
            }
            synchronized (engine) {
                while (engine.operationsInFlight() > 0) {
                    waitOn(engine);
                }
            }
            flush(Flush.ALL);
        } finally {
            List<SftpOperation> aborts;
            synchronized (engine) {
                aborts = engine.shutdown();
                for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
                    engine.recycle(b); // unsent replies: give pooled READ frames back
                }
            }
            aborts.forEach(SftpOperation::run);
            out.flush();
        }
    }

    private static void waitOn(Object monitor) throws IOException {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    /**
     * Under the engine lock: hands every released operation to the executor. Returns those it
     * refused, for the caller to run once it has left the lock (file work never runs under it).
     */
    private List<SftpOperation> startOperations() {
        List<SftpOperation> refused = List.of();
        for (SftpOperation op; (op = engine.pollOperation()) != null; ) {
            SftpOperation first = op;
            try {
                executor.execute(() -> runFrom(first));
            } catch (RejectedExecutionException e) {
                if (refused.isEmpty()) {
                    LOG.log(System.Logger.Level.DEBUG, "executor refused SFTP work; running it on the releasing thread", e);
                    refused = new ArrayList<>();
                }
                refused.add(op);
            }
        }
        return refused;
    }

    /**
     * Runs {@code op} and then, on the same thread, one operation it released (typically the
     * next request on the same handle), so a stream of READs or WRITEs on one file does not pay
     * a thread hand-off per request. Other released operations go to the executor. While a READ
     * or WRITE follows, this thread will flush again within one quick file call, so it writes
     * only full packets and leaves the rest for then; a follower of any other kind might block
     * (a slow stat), so everything is written before it runs.
     */
    private void runFrom(SftpOperation op) {
        ArrayDeque<SftpOperation> refused = new ArrayDeque<>();
        for (SftpOperation cur = op; cur != null; ) {
            cur.run();
            SftpOperation next;
            synchronized (engine) {
                engine.complete(cur);
                next = engine.pollOperation();
                refused.addAll(startOperations());
                engine.notifyAll();
            }
            if (next == null) {
                next = refused.poll();
            }
            flush(next != null && isBulk(next) ? Flush.FULL_PACKETS : Flush.ALL);
            cur = next;
        }
    }

    private static boolean isBulk(SftpOperation op) {
        String name = op.requestName();
        return name.equals("read") || name.equals("write");
    }

    /** What a {@link #flush} writes. */
    private enum Flush {
        /** Everything held. */
        ALL,
        /** Whole chunks only: the caller will flush again soon (see {@link ReplyCoalescer}). */
        FULL_PACKETS,
        /**
         * Everything, but only if the engine produced something new: the reading thread after a
         * receive, which must not cut short what a worker holds back for a fuller packet.
         */
        IF_NEW
    }

    /** Writes what the engine has queued, outside its lock, in order, packed by the coalescer. */
    private void flush(Flush mode) {
        synchronized (writeLock) {
            synchronized (engine) {
                for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
                    polled.add(b);
                }
                engine.notifyAll();
            }
            boolean fresh = !polled.isEmpty();
            try {
                for (ByteBuffer b; (b = polled.peek()) != null; ) {
                    coalescer.add(b, out, outputBroken ? null : outChannel);
                    engine.recycle(polled.poll()); // copied or sent: a READ frame can serve the next READ
                }
                if (outputBroken || (mode == Flush.IF_NEW && !fresh)) {
                    return;
                }
                coalescer.write(out, coalescer.writable(mode == Flush.FULL_PACKETS));
                out.flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "client output closed", e);
                outputBroken = true;
                for (ByteBuffer b; (b = polled.poll()) != null; ) {
                    engine.recycle(b);
                }
                synchronized (engine) {
                    engine.notifyAll();
                }
            }
        }
    }
}
