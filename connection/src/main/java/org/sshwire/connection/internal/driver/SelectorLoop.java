package org.sshwire.connection.internal.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread. Sockets registered here are read and, when the kernel buffer was full,
 * written by this thread; everything else reaches it as a task. Readiness handlers must not block.
 */
public final class SelectorLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());

    /** What a registered key's attachment does when its socket is ready. */
    interface Ready {
        void ready(SelectionKey key);
    }

    final Selector selector;
    /**
     * Read buffer shared by every socket of this loop: the engines consume all of it per read.
     * Direct, because a heap buffer makes the JDK read into a temporary direct buffer and copy
     * (one copy of every received byte); one per loop, so its native memory is bounded.
     */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    public SelectorLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    public void close() {
        closed = true;
        selector.wakeup();
    }

    /** Waits up to {@code millis} for the thread to end after {@link #close()}. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        while (!closed) {
            try {
                selector.select();
                for (Runnable t; (t = tasks.poll()) != null; ) {
                    runSafely(t);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        runSafely(() -> ((Ready) key.attachment()).ready(key));
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "selector loop failed", e);
            }
        }
        try {
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing selector", e);
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "selector task failed", e);
        }
    }
}
