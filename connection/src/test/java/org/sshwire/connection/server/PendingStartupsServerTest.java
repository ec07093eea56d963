package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.client.SshClient;

/**
 * MaxStartups counts connections that have not authenticated yet: a login finishing or a pending
 * connection closing makes room, and authenticated connections never count (sshd_config(5)).
 */
class PendingStartupsServerTest {
    private final SshServerClientTest base = new SshServerClientTest();
    private final List<Socket> sockets = new ArrayList<>();
    private final List<SshClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        for (SshClient c : clients) {
            c.close();
        }
        base.stop();
    }

    @Test
    void pendingLoginsBeyondFullAreRefusedUntilOneEndsByCloseOrLogin() throws Exception {
        base.server = base.base().maxStartups(new MaxStartups(2, 100, 2)).build().start();
        Socket first = pending();
        Socket second = pending();
        assertTrue(refused(), "a third pending connection is refused at full");

        first.close();
        awaitConnections(1);
        awaitPending(1);
        Socket third = pending(); // the closed one made room

        second.close();
        third.close();
        awaitConnections(0);
        clients.add(base.connect());
        clients.add(base.connect());
        awaitConnections(2);
        // The client sees USERAUTH_SUCCESS before the server's Authenticated event has run.
        awaitPending(0);
        // Both logins finished: they no longer count, so two more pending ones fit and a third does not.
        pending();
        pending();
        assertTrue(refused(), "authenticated connections do not make room beyond full");
        assertEquals(4, base.server.connections().size());
    }

    /** A connection the server accepted: it sends its identification line (RFC 4253 §4.2). */
    private Socket pending() throws IOException {
        Socket s = open();
        String line = readLine(s.getInputStream());
        assertTrue(line.startsWith("SSH-2.0-"), "accepted, identification: " + line);
        return s;
    }

    /** A refused connection gets sshd's notice ("Not allowed at this time") and the close, no identification. */
    private boolean refused() throws IOException {
        Socket s = open();
        try {
            String said = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return said.equals("Not allowed at this time\r\n");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", base.server.port()), 10_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            b.append((char) c);
        }
        return b.toString().strip();
    }

    private void awaitPending(int n) throws InterruptedException {
        await(() -> base.server.pendingStartups(), n, "pending startups");
    }

    private void awaitConnections(int n) throws InterruptedException {
        await(() -> base.server.connections().size(), n, "connections open");
    }

    private static void await(IntSupplier value, int n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (value.getAsInt() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, value.getAsInt(), what);
    }
}
