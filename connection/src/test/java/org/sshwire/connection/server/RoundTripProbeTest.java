package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.channel.RoundTripProbe;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.client.SshClient;

/** Both ends time the round trip after login and set the send-ahead limit from it. */
class RoundTripProbeTest {
    private final SshServerClientTest base = new SshServerClientTest();

    @AfterEach
    void stop() {
        base.stop();
    }

    @Test
    void limitIsTheFloorForShortRoundTripsAndGrowsWithLongOnes() {
        assertEquals(RoundTripProbe.FLOOR, RoundTripProbe.limitFor(50_000)); // 50 µs: loopback
        assertEquals(RoundTripProbe.FLOOR, RoundTripProbe.limitFor(0));
        assertEquals(RoundTripProbe.FLOOR, RoundTripProbe.limitFor(2_000_000)); // 2 ms carries 512 KB at 256 MB/s
        assertEquals(1_024_000, RoundTripProbe.limitFor(4_000_000));
        assertEquals(2_048_000, RoundTripProbe.limitFor(8_000_000)); // 8 ms: about OpenSSH's whole 2 MiB window
        assertEquals(12_800_000, RoundTripProbe.limitFor(50_000_000));
        assertEquals(Long.MAX_VALUE, RoundTripProbe.limitFor(Long.MAX_VALUE));
    }

    @Test
    void bothEndsSetTheLimitAfterLoginOnLoopback() throws Exception {
        base.server = base.base().build().start();
        try (SshClient c = base.connect()) {
            SshConnection serverSide = awaitOneConnection();
            long server = await(() -> limit(serverSide));
            long client = await(() -> limit(c.connection()));
            // measured, not asserted as a time: a limit was set from some round trip (a cold JVM
            // on a loaded machine can take milliseconds, which only raises the limit)
            assertTrue(server >= RoundTripProbe.FLOOR && server < Long.MAX_VALUE, "server limit " + server);
            assertTrue(client >= RoundTripProbe.FLOOR && client < Long.MAX_VALUE, "client limit " + client);
        }
    }

    @Test
    void withoutTheProbeNoLimitIsSet() throws Exception {
        base.server = base.base().roundTripProbe(false).build().start();
        try (SshClient c = SshClient.builder("alice").identity(SshServerClientTest.ALICE).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> true).roundTripProbe(false).connect("127.0.0.1", base.server.port())) {
            SshConnection serverSide = awaitOneConnection();
            // a global request of our own, answered after any probe would have been
            c.connection().sendGlobalRequest("keepalive@openssh.com", true, org.sshwire.transport.wire.Bytes.EMPTY);
            assertEquals(Long.MAX_VALUE, limit(serverSide));
            assertEquals(Long.MAX_VALUE, limit(c.connection()));
        }
    }

    private static long limit(SshConnection conn) {
        return conn.driver().call(e -> e.connection().sendAheadLimit());
    }

    private SshConnection awaitOneConnection() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (base.server.connections().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return base.server.connections().iterator().next();
    }

    private static long await(LongSupplier limit) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long v;
        while ((v = limit.getAsLong()) == Long.MAX_VALUE && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return v;
    }
}
