package org.sshwire.connection;

import org.sshwire.connection.internal.driver.NioLoops;

/**
 * The selector threads that run connections (DESIGN §3): a small fixed group, so thousands of
 * connections need no thread each. A server owns one group by default and clients share a
 * process-wide one; pass your own to several servers or clients to bound the threads they use.
 *
 * <pre>{@code
 * try (IoThreads io = IoThreads.create(2, "my-ssh")) {
 *     SshClient a = SshClient.builder("alice").ioThreads(io).connect("db1", 22);
 *     SshClient b = SshClient.builder("alice").ioThreads(io).connect("db2", 22);
 * }
 * }</pre>
 */
public interface IoThreads extends AutoCloseable {

    /** A new group of {@code threads} selector threads named {@code name-0}, {@code name-1}, .... */
    static IoThreads create(int threads, String name) {
        return NioLoops.create(threads, name);
    }

    /** The process-wide group (one thread per core), made on first use; closing it does nothing. */
    static IoThreads shared() {
        return NioLoops.shared();
    }

    /** How many selector threads the group has. */
    int size();

    /** Stops the threads; connections still using them stop being served. */
    @Override
    void close();
}
