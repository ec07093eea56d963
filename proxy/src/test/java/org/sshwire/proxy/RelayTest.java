package org.sshwire.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.server.SshServer;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/**
 * The relay between two sshwire ends (an {@link SshServer} upstream, an {@link SshClient} user):
 * flow control end to end, the order of data, EOF and exit status, and what the taps see.
 */
class RelayTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    static final SshKeyPair UPSTREAM_HOST = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    static final SshKeyPair BASTION_HOST = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    static final SshKeyPair USER = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    static final SshKeyPair BASTION_KEY = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);

    SshServer upstream;
    SshServer bastion;

    @AfterEach
    void stop() {
        if (bastion != null) {
            bastion.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    static ServerAuthPolicy onlyKey(SshKeyPair key) {
        return ServerAuthPolicy.builder()
                .publicKeys((user, k, addr) -> k.equals(key.publicKey()) ? Optional.of(Permissions.DEFAULT) : Optional.empty())
                .build();
    }

    void startBastion(RelayTap tap) throws Exception {
        Relay relay = Relay.builder()
                .upstreamLogin((route, b, agent) -> b.identity(BASTION_KEY)
                        .hostKeyVerifier((h, p, k) -> k.equals(UPSTREAM_HOST.publicKey())))
                .tap(tap)
                .build();
        bastion = relay.installOn(SshServer.builder().listen("127.0.0.1", 0).hostKey(BASTION_HOST).auth(onlyKey(USER)))
                .build().start();
    }

    SshClient user(String login) throws Exception {
        return SshClient.builder(login).identity(USER).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(BASTION_HOST.publicKey())).connect("127.0.0.1", bastion.port());
    }

    String route() {
        return "alice@127.0.0.1:" + upstream.port();
    }

    /** {@code n} deterministic bytes in 64 KiB chunks, each handed to {@code sink}. */
    static void generate(long n, long seed, java.util.function.Consumer<byte[]> sink) {
        Random r = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        for (long left = n; left > 0; left -= chunk.length) {
            r.nextBytes(chunk);
            sink.accept(chunk);
        }
    }

    static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStalledUpstreamStopsTheClientWithinTheWindowsAndEveryByteArrivesOnceItReads() throws Exception {
        // More than the windows on the way can hold: the client's to the bastion and the
        // bastion's to the upstream each grow to at most WindowTuning.DEFAULT_MAX_WINDOW.
        long bound = 2 * org.sshwire.connection.engine.WindowTuning.DEFAULT_MAX_WINDOW + (1 << 20);
        long total = bound + (32L << 20);
        java.security.MessageDigest sent = sha256();
        generate(total, 7, sent::update);
        byte[] expected = sent.digest();
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        AtomicLong receivedBytes = new AtomicLong();
        upstream = SshServer.builder().listen("127.0.0.1", 0).hostKey(UPSTREAM_HOST).auth(onlyKey(BASTION_KEY))
                .handler(s -> {
                    resume.await(); // reads nothing until told: the upstream's window closes
                    java.security.MessageDigest got = sha256();
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = s.stdin()) {
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            got.update(buf, 0, n);
                            receivedBytes.addAndGet(n);
                        }
                    }
                    received.complete(got.digest());
                    s.exit(0);
                }).build().start();
        startBastion(new RelayTap() { });
        try (SshClient c = user(route())) {
            ClientSession s = c.exec("sink");
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (OutputStream out = s.stdin()) {
                    generate(total, 7, chunk -> {
                        try {
                            out.write(chunk);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        written.addAndGet(chunk.length);
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // The writer stops once the windows are full: it never gets out more than they hold.
            long before;
            long after = written.get();
            do {
                before = after;
                Thread.sleep(500);
                after = written.get();
            } while (after != before);
            assertTrue(!writer.isDone(), "the writer finished although the upstream read nothing");
            assertTrue(after <= bound, "the client got " + after + " bytes out past a stalled upstream");
            resume.countDown();
            writer.get(120, TimeUnit.SECONDS);
            assertArrayEquals(expected, received.get(120, TimeUnit.SECONDS));
            assertEquals(total, receivedBytes.get());
            assertEquals(0, s.waitFor());
        }
    }

    @Test
    void outputThenExitStatusReachTheClientInOrderAndTheTapsSeeTheCommandAndEveryByte() throws Exception {
        byte[] out = new byte[5 << 20];
        new Random(8).nextBytes(out);
        upstream = SshServer.builder().listen("127.0.0.1", 0).hostKey(UPSTREAM_HOST).auth(onlyKey(BASTION_KEY))
                .handler(s -> {
                    s.stdout().write(out);
                    s.stderr().write("done\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    s.exit(7); // sent while the output may still be on its way through the relay
                }).build().start();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicLong toClient = new AtomicLong();
        CountDownLatch closed = new CountDownLatch(1);
        startBastion(new RelayTap() {
            @Override
            public void connected(String connection, String login, java.net.InetSocketAddress client, Route route) {
                seen.add("connected " + login + " " + route);
            }

            @Override
            public void request(RelayedChannel ch, Flow flow, String type, ChannelRequestBody body, boolean accepted) {
                seen.add(flow + " " + type + (body instanceof ChannelRequestBody.Exec e ? " " + e.command().asUtf8() : "")
                        + (body instanceof ChannelRequestBody.ExitStatus x ? " " + x.exitStatus() : ""));
            }

            @Override
            public void data(RelayedChannel ch, Flow flow, int stream, org.sshwire.transport.wire.Bytes data) {
                if (flow == Flow.UPSTREAM_TO_CLIENT) {
                    toClient.addAndGet(data.length());
                }
            }

            @Override
            public void channelClosed(RelayedChannel ch) {
                seen.add("closed " + ch.type() + " " + ch.number());
                closed.countDown();
            }
        });
        try (SshClient c = user(route())) {
            ClientSession s = c.exec("produce");
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (InputStream in = s.stdout()) {
                in.transferTo(got);
            }
            assertArrayEquals(out, got.toByteArray());
            assertEquals("done\n", new String(s.stderr().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(7, s.waitFor());
        }
        assertTrue(closed.await(30, TimeUnit.SECONDS));
        assertEquals(List.of("connected " + route() + " " + route(), "CLIENT_TO_UPSTREAM exec produce",
                "UPSTREAM_TO_CLIENT exit-status 7", "closed session 1"), seen);
        assertEquals(out.length + 5, toClient.get());
    }

    @Test
    void aRouterRefusalReachesTheUserOnStderrWithExitStatus255() throws Exception {
        upstream = SshServer.builder().listen("127.0.0.1", 0).hostKey(UPSTREAM_HOST).auth(onlyKey(BASTION_KEY))
                .handler(s -> s.exit(0)).build().start();
        startBastion(new RelayTap() { });
        try (SshClient c = user("not-a-route")) {
            ClientSession s = c.openSession();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(s.stderr().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            try {
                s.exec("true");
            } catch (java.io.IOException refused) {
                // expected: the relay refuses the request after saying why
            }
            assertEquals("sshwire proxy: log in as USER@HOST[:PORT] to say where to go ('not-a-route' is not USER@HOST[:PORT])\r\n",
                    err.get(30, TimeUnit.SECONDS));
            assertEquals(255, s.waitFor());
        }
    }
}
