package org.sshwire.connection.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.ForwardingPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/** SshClient's port forwards against our SshServer: {@code -L} bind addresses and {@code -R} handles that cancel. */
class ClientForwardsTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ALICE = SshKeyPair.generate("ssh-ed25519", 0, C);

    SshServer server;
    ServerSocket echo;

    @BeforeEach
    void start() throws IOException {
        echo = upperEcho();
        server = SshServer.builder().listen("127.0.0.1", 0).hostKey(HOST)
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> k.equals(ALICE.publicKey())
                        ? Optional.of(Permissions.DEFAULT) : Optional.empty()).build())
                .forwarding(ForwardingPolicy.of((c, h, p) -> true, (c, h, p) -> h.equals("127.0.0.1") || h.equals("localhost")))
                .handler(s -> s.exit(0)).build().start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    SshClient connect() throws IOException {
        return SshClient.builder("alice").identity(ALICE).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(HOST.publicKey())).connect("127.0.0.1", server.port());
    }

    /** A loopback server answering each connection's bytes in upper case, one thread per connection (daemon). */
    static ServerSocket upperEcho() throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            byte[] in = s.getInputStream().readNBytes(5);
                            s.getOutputStream().write(new String(in, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                                    .getBytes(StandardCharsets.UTF_8));
                        } catch (IOException ignored) {
                            // the test sees it
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    static String roundTrip(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket(address, port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readNBytes(5), StandardCharsets.UTF_8);
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void aLocalForwardListensOnLoopbackUnlessGivenABindAddress() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SshClient c = connect()) {
            for (LocalForward f : new LocalForward[] {c.localForward(0, "127.0.0.1", echo.getLocalPort()),
                    c.localForward(null, 0, "127.0.0.1", echo.getLocalPort()),
                    c.localForward("localhost", 0, "127.0.0.1", echo.getLocalPort())}) {
                assertTrue(f.localAddress().getAddress().isLoopbackAddress(), f.localAddress().toString());
                assertEquals("HELLO", roundTrip(loopback, f.port()));
                f.close();
            }
            // ssh -L '*:port:...' (GatewayPorts=yes for this one forward): every address.
            try (LocalForward all = c.localForward("*", 0, "127.0.0.1", echo.getLocalPort())) {
                assertTrue(all.localAddress().getAddress().isAnyLocalAddress(), all.localAddress().toString());
                assertEquals("HELLO", roundTrip(loopback, all.port()));
            }
            Optional<InetAddress> lan = nonLoopbackAddress();
            if (lan.isPresent()) {
                try (LocalForward one = c.localForward(lan.get().getHostAddress(), 0, "127.0.0.1", echo.getLocalPort())) {
                    assertEquals(new InetSocketAddress(lan.get(), one.port()), one.localAddress());
                    assertEquals("HELLO", roundTrip(lan.get(), one.port()));
                    assertThrows(ConnectException.class, () -> new Socket(loopback, one.port()).close(), "not on loopback");
                }
            }
            assertThrows(java.net.UnknownHostException.class, () -> c.localForward("no-such-host.invalid", 0, "127.0.0.1", 1));
        }
    }

    @Test
    void aRemoteForwardIsAHandleWhoseCloseCancelsItOnTheServer() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SshClient c = connect()) {
            RemoteForward f = c.remoteForward("127.0.0.1", 0, "127.0.0.1", echo.getLocalPort());
            int port = f.boundPort();
            assertTrue(port > 0, "the port the server chose");
            assertEquals("127.0.0.1", f.bindAddress());
            assertEquals("HELLO", roundTrip(loopback, port));
            f.close();
            assertThrows(ConnectException.class, () -> new Socket(loopback, port).close(), "the server stopped listening");
            f.close(); // idempotent

            // A fixed port: cancelled by that port, and free to forward again after.
            try (RemoteForward again = c.remoteForward("127.0.0.1", port, "127.0.0.1", echo.getLocalPort())) {
                assertEquals(port, again.boundPort());
                assertEquals("HELLO", roundTrip(loopback, port));
            }
            assertThrows(ConnectException.class, () -> new Socket(loopback, port).close());
            assertThrows(IOException.class, () -> c.remoteForward("0.0.0.0", 0, "127.0.0.1", 1), "refused by the server's policy");
        }
    }

    @Test
    void onceCloseReturnsTheServersPortRefusesEveryTime() throws Exception {
        // A listener closed while a thread is blocked in accept() lingers until that thread
        // wakes; close() must not return inside that window. Repeated, as the window is short.
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SshClient c = connect()) {
            for (int i = 0; i < 50; i++) {
                RemoteForward f = c.remoteForward("127.0.0.1", 0, "127.0.0.1", echo.getLocalPort());
                f.close();
                int round = i;
                assertThrows(ConnectException.class, () -> new Socket(loopback, f.boundPort()).close(), () -> "round " + round);
            }
        }
    }
}
