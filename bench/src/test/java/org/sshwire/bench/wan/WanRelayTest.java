package org.sshwire.bench.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay's correctness, never its timing: bytes arrive in order, once each, in both
 * directions and with half-close; a direction never holds more than its bound plus one read
 * while a slow receiver pushes back on the sender; close stops every thread and connection. The
 * delay and rate figures are checked by the benchmark against OpenSSH's window bound
 * (bench/README.md), not here.
 */
@Timeout(120)
class WanRelayTest {

    @Test
    void relaysBothWaysInOrderWithoutLossOrDuplication() throws Exception {
        try (Echo echo = new Echo(); WanRelay relay = WanRelay.start(echo.address(), LinkProfile.of(2, 1000))) {
            // Two connections at once, each sending more than one line's bound.
            CompletableFuture<byte[]> a = CompletableFuture.supplyAsync(() -> roundTrip(relay.port(), payload(1, 3 << 20)));
            CompletableFuture<byte[]> b = CompletableFuture.supplyAsync(() -> roundTrip(relay.port(), payload(2, 1 << 20)));
            assertArrayEquals(payload(1, 3 << 20), a.get(60, TimeUnit.SECONDS));
            assertArrayEquals(payload(2, 1 << 20), b.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSlowReceiverPushesBackOnTheSenderWithinTheBound() throws Exception {
        LinkProfile link = LinkProfile.of(0, 10_000); // the bound is the margin alone
        CountDownLatch mayRead = new CountDownLatch(1);
        byte[] data = payload(3, 48 << 20); // far more than the kernel's socket buffers on both sides
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             WanRelay relay = WanRelay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort()), link)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = target.accept(); InputStream in = s.getInputStream()) {
                    mayRead.await(); // read nothing until the relay is full
                    return in.readAllBytes();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try (OutputStream out = s.getOutputStream()) {
                        out.write(data);
                        s.shutdownOutput();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int i = 0; i < 600 && relay.highWater() < link.queueBound(); i++) { // bounded: 60 s
                    Thread.sleep(100);
                }
                assertTrue(relay.highWater() >= link.queueBound(), "the relay's queue never filled up");
                assertFalse(sent.isDone(), "the sender should be held back while nothing is read");
                mayRead.countDown();
                sent.get(60, TimeUnit.SECONDS);
                assertArrayEquals(data, received.get(60, TimeUnit.SECONDS));
            }
            assertTrue(relay.highWater() <= link.queueBound() + WanRelay.CHUNK,
                    "held " + relay.highWater() + " bytes, bound " + link.queueBound());
        }
    }

    @Test
    void closeStopsEveryThreadAndEveryRelayedConnection() throws Exception {
        Echo echo = new Echo();
        WanRelay relay = WanRelay.start(echo.address(), LinkProfile.of(2, 1000));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            s.getOutputStream().write(new byte[] {1, 2, 3});
            byte[] back = s.getInputStream().readNBytes(3); // the connection is up through the relay
            assertArrayEquals(new byte[] {1, 2, 3}, back);
            relay.close();
            assertEquals(0, relay.liveThreads());
            int r;
            try {
                r = s.getInputStream().read();
            } catch (IOException reset) {
                r = -1;
            }
            assertEquals(-1, r, "the relayed connection should be gone");
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), relay.port()).close());
        } finally {
            echo.close();
        }
    }

    @Test
    void aLineRefusesReadsAtItsBoundUntilTheWriterCatchesUp() throws Exception {
        DelayLine line = new DelayLine(100);
        assertTrue(line.hasRoom());
        line.put(new byte[60], 60, 0);
        assertTrue(line.hasRoom());
        line.put(new byte[60], 60, 1);
        assertFalse(line.hasRoom());
        DelayLine.Chunk first = line.take();
        assertEquals(0, first.releaseAtNanos());
        assertFalse(line.hasRoom(), "taken but not yet written still counts");
        line.done(first);
        assertTrue(line.hasRoom());
        assertEquals(120, line.highWater());
        line.close();
        assertEquals(null, line.take());
        assertFalse(line.awaitRoom());
    }

    @Test
    void tokenBucketSpacesChunksAtTheRateAfterTheBurst() {
        TokenBucket b = new TokenBucket(1000, 200); // 1000 bytes/s, 200 bytes of burst
        assertEquals(0, b.departure(0, 100));
        assertEquals(0, b.departure(0, 100));
        assertEquals(0, b.departure(0, 100), "the burst allows 200 bytes ahead of the rate");
        assertEquals(100_000_000L, b.departure(0, 100));
        assertEquals(200_000_000L, b.departure(0, 100));
        assertEquals(5_000_000_000L, b.departure(5_000_000_000L, 100), "an idle bucket sends at once");
    }

    private static byte[] payload(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Sends {@code data}, half-closes, and returns everything that came back. */
    private static byte[] roundTrip(int port, byte[] data) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(data);
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            s.getInputStream().transferTo(got);
            w.join();
            return got.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Echoes each connection back and half-closes after the client's end of stream. */
    private static final class Echo implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::serve, "echo");

        Echo() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        private void serve() {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException closed) {
                    return;
                }
                Thread t = new Thread(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                        s.shutdownOutput();
                    } catch (IOException ignored) {
                        // the relay went away
                    }
                }, "echo-conn");
                t.setDaemon(true);
                t.start();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
