package org.sshwire.connection.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A Unix-domain socket echo server for tests: every connection gets its bytes back, then EOF. */
public final class UnixEcho implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Path path;

    private UnixEcho(ServerSocketChannel listener, Path path) {
        this.listener = listener;
        this.path = path;
    }

    public static UnixEcho start(Path path) throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(() -> {
            while (ss.isOpen()) {
                try {
                    SocketChannel s = ss.accept();
                    Thread echo = new Thread(() -> echo(s));
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "unix-echo");
        t.setDaemon(true);
        t.start();
        return new UnixEcho(ss, path);
    }

    private static void echo(SocketChannel s) {
        try (s) {
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            while (s.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    s.write(buf);
                }
                buf.clear();
            }
            s.shutdownOutput();
        } catch (IOException e) {
            // the test sees the short answer
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Files.deleteIfExists(path);
    }

    /**
     * Sends {@code size} seeded random bytes through a connected socket while reading the answer
     * concurrently; returns "sent-sha256 received-sha256 received-length" so a test compares both.
     */
    public static String roundTrip(SocketChannel s, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        CompletableFuture<String> back = CompletableFuture.supplyAsync(() -> {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
                long n = 0;
                for (int r; (r = s.read(buf)) >= 0; ) {
                    md.update(buf.array(), 0, r);
                    n += r;
                    buf.clear();
                }
                return HexFormat.of().formatHex(md.digest()) + " " + n;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ByteBuffer out = ByteBuffer.wrap(data);
        while (out.hasRemaining()) {
            s.write(out);
        }
        s.shutdownOutput();
        String got = back.get(60, TimeUnit.SECONDS);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) + " " + got;
    }

    /** What {@link #roundTrip} returns when every byte came back. */
    public static String expected(int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        String h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        return h + " " + h + " " + size;
    }
}
