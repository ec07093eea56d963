package org.sshwire.sftp;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Our server on a thread, our client over in-memory pipes: for tests of behaviour, not wire. */
final class InProcessServer implements AutoCloseable {
    final SftpClient client;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
    private final Future<?> served;

    InProcessServer(SftpFileSystem fs, SftpServerConfig config) throws IOException {
        this(fs, config, null);
    }

    /** With file operations on {@code executor} (null: a pool of four threads). */
    InProcessServer(SftpFileSystem fs, SftpServerConfig config, Executor executor) throws IOException {
        Pipe toServer = Pipe.open();
        Pipe toClient = Pipe.open();
        SftpStreamServer server = new SftpStreamServer(fs, config, executor == null ? pool : executor);
        served = serverThread.submit(() -> {
            try (var out = Channels.newOutputStream(toClient.sink())) {
                server.serve(Channels.newInputStream(toServer.source()), out);
            }
            return null;
        });
        client = SftpClient.open(Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()));
    }

    @Override
    public void close() throws Exception {
        client.close();
        served.get(30, TimeUnit.SECONDS);
        pool.shutdownNow();
        serverThread.shutdownNow();
    }
}
