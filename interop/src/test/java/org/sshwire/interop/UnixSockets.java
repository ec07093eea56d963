package org.sshwire.interop;

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

/** A Unix-domain socket echo server and a byte-exact round trip through a socket path, for forwarding tests. */
final class UnixSockets {
    private UnixSockets() {
    }

    /** Echoes every connection on {@code path} until EOF; close the returned listener to stop. */
    static ServerSocketChannel echo(Path path) throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(path));
        Thread t = new Thread(() -> {
            while (ss.isOpen()) {
                try {
                    SocketChannel s = ss.accept();
                    Thread e = new Thread(() -> {
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
                        } catch (IOException ignored) {
                            // the test sees the short answer
                        }
                    });
                    e.setDaemon(true);
                    e.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "unix-echo");
        t.setDaemon(true);
        t.start();
        return ss;
    }

    /**
     * Connects to {@code path} (retrying while the forward is being set up, bounded), sends
     * {@code size} seeded random bytes, reads the echo to EOF and returns
     * "sha256-sent sha256-received length-received".
     */
    static String roundTrip(Path path, int size, long seed) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        SocketChannel s;
        while (true) {
            try {
                s = SocketChannel.open(UnixDomainSocketAddress.of(path));
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try (SocketChannel sc = s) {
            CompletableFuture<String> back = CompletableFuture.supplyAsync(() -> {
                try {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
                    long n = 0;
                    for (int r; (r = sc.read(buf)) >= 0; ) {
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
                sc.write(out);
            }
            sc.shutdownOutput();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) + " " + back.get(60, TimeUnit.SECONDS);
        }
    }

    /** What {@link #roundTrip} returns when every byte came back unchanged. */
    static String expected(int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        String h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        return h + " " + h + " " + size;
    }

    static void awaitGone(Path p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(p) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
