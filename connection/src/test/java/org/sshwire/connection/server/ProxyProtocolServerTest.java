package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.research.ConnectionResearch;
import org.sshwire.transport.research.ConnectionHooks;

/**
 * SshServer.Builder.proxyProtocol: from a trusted load balancer the PROXY header's client address
 * becomes the connection's remote address (as the engine and research hooks see it); a malformed
 * header closes the connection without a byte; an untrusted peer is served as without the setting.
 */
class ProxyProtocolServerTest {
    private final SshServerClientTest base = new SshServerClientTest();
    private final BlockingQueue<InetSocketAddress> remotes = new ArrayBlockingQueue<>(8);

    @AfterEach
    void stop() {
        base.stop();
    }

    private void start(List<String> trusted) throws Exception {
        start(trusted, Duration.ofSeconds(2), 10_000);
    }

    private void start(List<String> trusted, Duration grace, int maxConnections) throws Exception {
        base.server = base.base().proxyProtocol(trusted).maxConnections(maxConnections)
                .authConfig(org.sshwire.auth.ServerAuthConfig.builder().graceTime(grace).build())
                .research(info -> {
                    remotes.add(info.remoteAddress());
                    return ConnectionResearch.of(ConnectionHooks.builder().build());
                }).build().start();
    }

    private static final byte[] IDENT = "SSH-2.0-ProxyTest\r\n".getBytes(StandardCharsets.US_ASCII);

    /** v2 PROXY TCP4 203.0.113.7:40000 -> 127.0.0.1:22. */
    private static final byte[] V2 = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c"
            + "cb007107" + "7f000001" + "9c40" + "0016");

    private static String firstLine(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    private Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", base.server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void aTrustedBalancersV2HeaderNamesTheRemoteAddressAndTheClientBytesAfterItReachTheEngine() throws Exception {
        start(List.of("127.0.0.0/8"));
        try (Socket s = connect()) {
            s.getOutputStream().write(concat(V2, IDENT)); // header and identification in one segment
            assertTrue(firstLine(s.getInputStream()).startsWith("SSH-2.0-"));
            assertEquals(new InetSocketAddress("203.0.113.7", 40000), remotes.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aV1HeaderSentByteByByteIsReadWhole() throws Exception {
        start(List.of("127.0.0.1"));
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            for (byte b : "PROXY TCP6 2001:db8::5 ::1 61000 22\r\n".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            out.write(IDENT);
            assertTrue(firstLine(s.getInputStream()).startsWith("SSH-2.0-"));
            assertEquals(new InetSocketAddress("2001:db8::5", 61000), remotes.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void proxyUnknownKeepsTheSocketsAddress() throws Exception {
        start(List.of("127.0.0.1"));
        try (Socket s = connect()) {
            s.getOutputStream().write(concat("PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII), IDENT));
            assertTrue(firstLine(s.getInputStream()).startsWith("SSH-2.0-"));
            assertEquals(s.getLocalSocketAddress(), remotes.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMalformedHeaderFromATrustedBalancerClosesWithoutAByte() throws Exception {
        start(List.of("127.0.0.1"));
        for (byte[] bad : List.of(IDENT, "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n".getBytes(StandardCharsets.US_ASCII),
                ("PROXY UNKNOWN " + "x".repeat(100) + "\r\n").getBytes(StandardCharsets.US_ASCII))) {
            try (Socket s = connect()) {
                s.getOutputStream().write(bad);
                assertEquals(-1, s.getInputStream().read(), "no SSH byte to a bad header");
            }
        }
        assertTrue(remotes.isEmpty(), "no engine was started");
    }

    @Test
    void aTrustedBalancerThatSendsNothingIsClosedAfterTheLoginGraceTime() throws Exception {
        start(List.of("127.0.0.1"));
        try (Socket s = connect()) {
            assertEquals(-1, s.getInputStream().read());
        }
        assertTrue(remotes.isEmpty());
    }

    @Test
    void connectionsAwaitingTheirHeaderCountAgainstMaxConnections() throws Exception {
        start(List.of("127.0.0.1"), Duration.ofSeconds(60), 1);
        try (Socket waiting = connect(); Socket second = connect()) {
            // The first holds the one slot while it sends nothing: the second is closed unanswered
            // at once (not after the grace time: the first, accepted earlier, is still waiting).
            assertEquals(-1, second.getInputStream().read());
            waiting.getOutputStream().write(concat(V2, IDENT));
            assertTrue(firstLine(waiting.getInputStream()).startsWith("SSH-2.0-"));
            assertEquals(new InetSocketAddress("203.0.113.7", 40000), remotes.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anUntrustedPeersProxyHeaderIsNotBelieved() throws Exception {
        start(List.of("192.0.2.0/24"));
        try (Socket s = connect()) {
            s.getOutputStream().write(V2);
            // Served as without the setting: our identification first, and the socket's address.
            assertTrue(firstLine(s.getInputStream()).startsWith("SSH-2.0-"));
            assertEquals(s.getLocalSocketAddress(), remotes.poll(10, TimeUnit.SECONDS));
        }
    }
}
