package org.sshwire.bench.e2e;

/** One of the servers the benchmark compares, listening on 127.0.0.1 in a process tree of its own. */
interface ServerUnderTest extends AutoCloseable {
    /** As it appears in the table: sshwire, OpenSSH, MINA. */
    String name();

    void start() throws java.io.IOException;

    int port();

    /** The root of the server's process tree (the JVM, or sshd's listener). */
    long pid();

    /** CPU seconds of the server and of everything it ran and reaped (see {@link ProcessStats#cpuSeconds}). */
    default double cpuSeconds() {
        ProcessStats.awaitNoDescendants(pid(), 3000);
        return ProcessStats.cpuSeconds(pid());
    }

    default ProcessStats.Snapshot memory() {
        return ProcessStats.tree(pid());
    }

    @Override
    void close();
}
