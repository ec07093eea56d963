package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.sshwire.connection.internal.channel.ConnectionInternals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.internal.channel.RoundTripProbe;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.client.SshClient;

/** Which peers get a send-ahead limit, and how large; every peer's engine gets the round trip. */
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
    void onlyOpenSshPeersAreProbed() {
        assertTrue(RoundTripProbe.isOpenSsh("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10"));
        assertFalse(RoundTripProbe.isOpenSsh("SSH-2.0-sshwire_0.2"));
        assertFalse(RoundTripProbe.isOpenSsh("SSH-2.0-PuTTY_Release_0.81"));
        assertFalse(RoundTripProbe.isOpenSsh(null));
    }

    /**
     * Our own ends are not OpenSSH: a WindowPolicy may withhold credit, which a limit could stall
     * on, so they keep the whole window. (OpenSSH peers get the limit: BulkTransferInteropTest.)
     */
    @Test
    void ourClientAndServerKeepTheWholeWindowBetweenThemselves() throws Exception {
        base.server = base.base().build().start();
        try (SshClient c = base.connect()) {
            SshConnection serverSide = awaitOneConnection();
            // a global request of our own, answered after any probe would have been
            c.connection().sendGlobalRequest("keepalive@openssh.com", true, org.sshwire.transport.wire.Bytes.EMPTY);
            assertEquals(Long.MAX_VALUE, limit(serverSide));
            assertEquals(Long.MAX_VALUE, limit(c.connection()));
        }
    }

    /** Every peer is probed for the round trip that sizes receive windows (WindowTuning), ours included. */
    @Test
    void ourClientAndServerGiveTheirEnginesTheRoundTrip() throws Exception {
        base.server = base.base().build().start();
        try (SshClient c = base.connect()) {
            SshConnection serverSide = awaitOneConnection();
            for (int i = 0; i < 1000 && (roundTrip(serverSide) == 0 || roundTrip(c.connection()) == 0); i++) { // bounded: 10 s
                Thread.sleep(10);
            }
            assertTrue(roundTrip(serverSide) > 0, "the server's engine has no round trip");
            assertTrue(roundTrip(c.connection()) > 0, "the client's engine has no round trip");
        }
    }

    private static long roundTrip(SshConnection conn) {
        return ConnectionInternals.driver(conn).call(e -> e.connection().roundTripNanos());
    }

    private static long limit(SshConnection conn) {
        return ConnectionInternals.driver(conn).call(e -> e.connection().sendAheadLimit());
    }

    private SshConnection awaitOneConnection() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (base.server.connections().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return base.server.connections().iterator().next();
    }
}
