package org.sshwire.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Runs an {@link SftpServerEngine} over a blocking stream pair (stdin/stdout of a subsystem
 * process, an SSH channel's streams, pipes in tests): the calling thread reads, filesystem
 * operations run on {@code executor}, and output is written outside the engine's lock by
 * whichever thread produced it, in engine order (a separate write lock keeps the order).
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
    private OutputStream out;
    private volatile boolean outputBroken;

    public SftpStreamServer(SftpFileSystem fs, SftpServerConfig config, Executor executor) {
        this.engine = new SftpServerEngine(fs, config);
        this.executor = executor;
    }

    /** Serves one session until the client's EOF (or a protocol error); then releases all handles. */
    public void serve(InputStream in, OutputStream output) throws IOException {
        this.out = output;
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
                synchronized (engine) {
                    if (n < 0) {
                        engine.receiveEof();
                    } else {
                        engine.receive(ByteBuffer.wrap(buf, 0, n));
                    }
                    startOperations();
                }
                flush();
                if (n < 0) {
                    break;
                }
            }
            synchronized (engine) {
                while (engine.operationsInFlight() > 0) {
                    waitOn(engine);
                }
            }
            flush();
        } finally {
            List<SftpOperation> aborts;
            synchronized (engine) {
                aborts = engine.shutdown();
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

    /** Under the engine lock: hands every released operation to the executor. */
    private void startOperations() {
        for (SftpOperation op; (op = engine.pollOperation()) != null; ) {
            SftpOperation first = op;
            executor.execute(() -> runFrom(first));
        }
    }

    /**
     * Runs {@code op} and then, on the same thread, one operation it released (typically the
     * next request on the same handle), so a stream of READs or WRITEs on one file does not pay
     * a thread hand-off per request. Other released operations go to the executor.
     */
    private void runFrom(SftpOperation op) {
        for (SftpOperation cur = op; cur != null; ) {
            cur.run();
            SftpOperation next;
            synchronized (engine) {
                engine.complete(cur);
                next = engine.pollOperation();
                startOperations();
                engine.notifyAll();
            }
            flush();
            cur = next;
        }
    }

    /** Writes everything the engine has queued, outside its lock, in order. */
    private void flush() {
        synchronized (writeLock) {
            List<ByteBuffer> pending = new ArrayList<>();
            synchronized (engine) {
                for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
                    pending.add(b);
                }
                engine.notifyAll();
            }
            if (pending.isEmpty() || outputBroken) {
                return;
            }
            try {
                for (ByteBuffer b : pending) {
                    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                }
                out.flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "client output closed", e);
                outputBroken = true;
                synchronized (engine) {
                    engine.notifyAll();
                }
            }
        }
    }
}
