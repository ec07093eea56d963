package org.sshwire.connection.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.ForwardingPolicy;
import org.sshwire.connection.server.SshServer;

/** {@link SshClient#dynamicForward}: the JDK's SOCKS5 client and a raw SOCKS4a client through our SshServer. */
class DynamicForwardTest {
    SshServer server;
    ServerSocket echo;

    @BeforeEach
    void start() throws IOException {
        echo = ClientForwardsTest.upperEcho();
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(ClientForwardsTest.HOST)
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> k.equals(ClientForwardsTest.ALICE.publicKey())
                        ? Optional.of(Permissions.DEFAULT) : Optional.empty()).build())
                .forwarding(ForwardingPolicy.of((c, h, p) -> h.equals("localhost") || h.equals("127.0.0.1"), (c, h, p) -> false))
                .handler(s -> s.exit(0)).build().start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    SshClient connect() throws IOException {
        return SshClient.builder("alice").identity(ClientForwardsTest.ALICE).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(ClientForwardsTest.HOST.publicKey())).connect("127.0.0.1", server.port());
    }

    @Test
    void theJdksSocks5ClientReachesAHostNameTheServerResolves() throws Exception {
        try (SshClient c = connect(); DynamicForward socks = c.dynamicForward(null, 0)) {
            assertTrue(socks.localAddress().getAddress().isLoopbackAddress());
            Proxy proxy = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(InetAddress.getLoopbackAddress(), socks.port()));
            try (Socket s = new Socket(proxy)) {
                s.setSoTimeout(20_000);
                // Unresolved: the name travels in the SOCKS5 request (ATYP 3), as with curl --socks5-hostname.
                s.connect(InetSocketAddress.createUnresolved("localhost", echo.getLocalPort()), 20_000);
                s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                assertEquals("HELLO", new String(s.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
            }
            // A target the server's policy refuses: the JDK sees SOCKS5 reply 0x02 "not allowed by ruleset".
            try (Socket s = new Socket(proxy)) {
                s.setSoTimeout(20_000);
                SocketException e = assertThrows(SocketException.class,
                        () -> s.connect(InetSocketAddress.createUnresolved("forbidden.example", 80), 20_000));
                assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("not allowed"), e.getMessage());
            }
        }
    }

    @Test
    void aSocks4aRequestIsGrantedThenCarriesData() throws Exception {
        try (SshClient c = connect(); DynamicForward socks = c.dynamicForward("localhost", 0);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), socks.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            int port = echo.getLocalPort();
            ByteArrayStream req = new ByteArrayStream();
            req.write(4, 1, port >> 8, port & 0xff, 0, 0, 0, 1);
            req.write("user".getBytes(StandardCharsets.US_ASCII));
            req.write(0);
            req.write("localhost".getBytes(StandardCharsets.US_ASCII));
            req.write(0);
            out.write(req.toByteArray());
            out.write("hello".getBytes(StandardCharsets.UTF_8)); // sent before the reply: must wait for the splice
            byte[] reply = in.readNBytes(8);
            assertEquals(0x5A, reply[1]);
            assertEquals("HELLO", new String(in.readNBytes(5), StandardCharsets.UTF_8));
        }
    }

    @Test
    void closingTheClientClosesTheListener() throws Exception {
        int port;
        try (SshClient c = connect()) {
            port = c.dynamicForward(null, 0).port();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still listening on " + port);
                }
                Thread.sleep(50);
            } catch (java.net.ConnectException gone) {
                return;
            }
        }
    }

    /** A ByteArrayOutputStream that takes ints. */
    static final class ByteArrayStream extends java.io.ByteArrayOutputStream {
        void write(int... bytes) {
            for (int b : bytes) {
                super.write(b);
            }
        }
    }
}
