package org.sshwire.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sshwire.connection.internal.driver.NioLoops;

/**
 * Ends the process at once. HotSpot's exit waits about 300 ms for every thread still blocked in
 * a native call (VM_Exit::wait_for_threads_in_native_to_block): a selector in epoll_wait, or a
 * read of standard input that has nothing to read. {@code sshwire ssh host true} spent that after
 * its work was done, on every run. So standard input is read through an interruptible channel
 * by registered threads, and before exiting those are interrupted and the shared selector
 * threads stopped.
 */
final class ProcessExit {
    private static final Set<Thread> READERS = ConcurrentHashMap.newKeySet();

    private ProcessExit() {
    }

    /**
     * Standard input as a stream whose blocked read ends when its thread is interrupted
     * (FileChannel is interruptible; FileInputStream is not). The channel is closed then.
     */
    static InputStream standardInput() {
        return Channels.newInputStream(new FileInputStream(FileDescriptor.in).getChannel());
    }

    /** Starts a daemon thread that may block reading; it is interrupted before the process exits. */
    static Thread startReader(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                READERS.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true); // blocked in read() when the work ends; must not keep the JVM alive
        READERS.add(t);
        t.start();
        return t;
    }

    static void exit(int code) {
        try {
            for (Thread t : READERS) {
                t.interrupt();
            }
            NioLoops.stopShared(200);
            for (Thread t : READERS) {
                t.join(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(code);
    }
}
