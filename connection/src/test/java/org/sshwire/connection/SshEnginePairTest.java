package org.sshwire.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.ClientAuthEvent;
import org.sshwire.auth.Decision;
import org.sshwire.auth.Identity;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;

/** The composed engines back to back: transport, authentication and a session channel end to end. */
class SshEnginePairTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    static final SshKeyPair ALICE = SshKeyPair.generate("ecdsa-sha2-nistp256", 256, CRYPTO);

    final List<SshEvent> clientEvents = new ArrayList<>();
    final List<SshEvent> serverEvents = new ArrayList<>();

    /** Moves bytes both ways; the server's application accepts Alice's key, the client trusts the host key. */
    void pump(SshClientEngine c, SshServerEngine s) {
        for (int round = 0; round < 1000; round++) {
            boolean moved = false;
            for (ByteBuffer b; (b = c.pollTransmit()) != null; moved = true) {
                s.receive(b);
            }
            for (ByteBuffer b; (b = s.pollTransmit()) != null; moved = true) {
                c.receive(b);
            }
            for (SshEvent e; (e = c.pollEvent()) != null; moved = true) {
                clientEvents.add(e);
                if (e instanceof SshEvent.Transport t && t.event() instanceof TransportEvent.HostKeyToVerify) {
                    c.transport().acceptHostKey();
                }
            }
            for (SshEvent e; (e = s.pollEvent()) != null; moved = true) {
                serverEvents.add(e);
                if (e instanceof SshEvent.ServerAuth a && a.event() instanceof ServerAuthEvent.PublicKeyQuery q) {
                    s.auth().decide(q.id(), q.key().equals(ALICE.publicKey()) ? Decision.accept() : Decision.reject());
                }
                if (e instanceof SshEvent.ServerAuth a && a.event() instanceof ServerAuthEvent.PublicKeyVerified v) {
                    s.auth().decide(v.id(), v.key().equals(ALICE.publicKey()) ? Decision.accept() : Decision.reject());
                }
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("never quiet");
    }

    static SshServerEngine server() {
        return new SshServerEngine(TransportConfig.server(List.of(HOST)).build(),
                ServerAuthConfig.builder().build(), ConnectionConfig.server());
    }

    static SshClientEngine client(SshKeyPair key) {
        return new SshClientEngine(TransportConfig.client().build(),
                ClientAuthConfig.builder("alice").methods(List.of("publickey")).identity(Identity.of(key, CRYPTO)).build(),
                ConnectionConfig.client());
    }

    <T> List<T> of(List<SshEvent> events, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SshEvent e : events) {
            Object inner = e instanceof SshEvent.Transport t ? t.event() : e instanceof SshEvent.ServerAuth a ? a.event()
                    : e instanceof SshEvent.ClientAuth c ? c.event() : ((SshEvent.Connection) e).event();
            if (type.isInstance(inner)) {
                out.add(type.cast(inner));
            }
        }
        return out;
    }

    @Test
    void publicKeyLoginThenExecWithDataExitStatusAndClose() {
        SshClientEngine c = client(ALICE);
        SshServerEngine s = server();
        pump(c, s);
        assertTrue(c.isAuthenticated() && s.isAuthenticated(), () -> "client " + clientEvents + "\nserver " + serverEvents);
        assertEquals("alice", of(serverEvents, ServerAuthEvent.Authenticated.class).get(0).user());
        assertEquals(ALICE.publicKey(), of(serverEvents, ServerAuthEvent.Authenticated.class).get(0).key());

        int id = c.connection().openChannel(new ChannelOpenData.Session());
        pump(c, s);
        ConnectionEvent.ChannelOpenRequested open = of(serverEvents, ConnectionEvent.ChannelOpenRequested.class).get(0);
        s.connection().acceptChannel(open.channel());
        pump(c, s);
        c.connection().sendChannelRequest(id, new ChannelRequestBody.Exec(Bytes.utf8("cat")), true);
        pump(c, s);
        ConnectionEvent.ChannelRequestReceived exec = of(serverEvents, ConnectionEvent.ChannelRequestReceived.class).get(0);
        assertEquals("exec", exec.requestType());
        s.connection().replyChannelRequest(exec.channel(), true);
        c.connection().sendData(id, Bytes.utf8("hello"));
        c.connection().sendEof(id);
        pump(c, s);
        assertEquals(Bytes.utf8("hello"), of(serverEvents, ConnectionEvent.ChannelDataReceived.class).get(0).data());
        s.connection().sendData(exec.channel(), Bytes.utf8("HELLO"));
        s.connection().sendChannelRequest(exec.channel(), new ChannelRequestBody.ExitStatus(3), false);
        s.connection().close(exec.channel());
        pump(c, s);
        assertEquals(Bytes.utf8("HELLO"), of(clientEvents, ConnectionEvent.ChannelDataReceived.class).get(0).data());
        ConnectionEvent.ChannelRequestReceived exit = of(clientEvents, ConnectionEvent.ChannelRequestReceived.class).get(0);
        assertEquals("exit-status", exit.requestType());
        c.connection().close(id);
        pump(c, s);
        assertFalse(of(clientEvents, ConnectionEvent.ChannelClosed.class).isEmpty());
        assertEquals(0, c.connection().channelCount());
        assertEquals(0, s.connection().channelCount());
    }

    @Test
    void wrongKeyFailsWithTheMethodsTriedAndNoChannelIsPossible() {
        SshClientEngine c = client(SshKeyPair.generate("ssh-ed25519", 0, CRYPTO));
        SshServerEngine s = server();
        pump(c, s);
        assertFalse(s.isAuthenticated());
        ClientAuthEvent.Failed failed = of(clientEvents, ClientAuthEvent.Failed.class).get(0);
        assertTrue(failed.error().getMessage().contains("publickey"), failed.error().getMessage());
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                of(serverEvents, TransportEvent.Disconnected.class).get(0).reason());
        // Causal order: the failure that made the client disconnect comes before its disconnect.
        int failedAt = -1;
        int disconnectedAt = -1;
        for (int i = 0; i < clientEvents.size(); i++) {
            if (clientEvents.get(i) instanceof SshEvent.ClientAuth a && a.event() instanceof ClientAuthEvent.Failed && failedAt < 0) {
                failedAt = i;
            }
            if (clientEvents.get(i) instanceof SshEvent.Transport t && t.event() instanceof TransportEvent.Disconnected && disconnectedAt < 0) {
                disconnectedAt = i;
            }
        }
        assertTrue(failedAt >= 0 && failedAt < disconnectedAt, () -> "events out of order: " + clientEvents);
    }

    @Test
    void channelOpenBeforeAuthenticationNeverReachesTheChannelEngine() {
        SshClientEngine c = client(ALICE);
        SshServerEngine s = server();
        // Stop before authentication: run only until the service is accepted, then inject a CHANNEL_OPEN.
        for (int i = 0; i < 50 && of(clientEvents, TransportEvent.ServiceAccepted.class).isEmpty(); i++) {
            for (ByteBuffer b; (b = c.pollTransmit()) != null; ) {
                s.receive(b);
            }
            for (ByteBuffer b; (b = s.pollTransmit()) != null; ) {
                c.receive(b);
            }
            for (SshEvent e; (e = c.pollEvent()) != null; ) {
                clientEvents.add(e);
                if (e instanceof SshEvent.Transport t && t.event() instanceof TransportEvent.HostKeyToVerify) {
                    c.transport().acceptHostKey();
                }
            }
        }
        c.transport().sendRaw(new Payload(90, new org.sshwire.transport.wire.SshWriter().writeUtf8("session")
                .writeUint32(0).writeUint32(65536).writeUint32(32768).toBytes()));
        for (ByteBuffer b; (b = c.pollTransmit()) != null; ) {
            s.receive(b);
        }
        for (SshEvent e; (e = s.pollEvent()) != null; ) {
            serverEvents.add(e);
        }
        assertTrue(of(serverEvents, ConnectionEvent.ChannelOpenRequested.class).isEmpty());
        assertEquals(0, s.connection().channelCount());
        assertFalse(s.isAuthenticated());
    }

    /**
     * Writing while our own key re-exchange is in flight: the transport only queues then, in a
     * bounded buffer, so a big window's worth of data must wait in the channel (bounded too)
     * rather than overflow it, and everything arrives in order once the exchange is over.
     */
    @Test
    void dataOfferedDuringOurRekeyWaitsInTheChannelAndArrivesWhole() {
        SshClientEngine c = client(ALICE);
        SshServerEngine s = bigWindowServer();
        int id = openSession(c, s);

        byte[] big = new byte[32 << 20];
        new java.util.Random(9).nextBytes(big);
        c.transport().startRekey();
        int off = c.connection().sendData(id, big, 0, big.length);
        assertTrue(c.transport().isQueueing());
        assertTrue(off <= c.connection().config().maxQueuedBytes(), "held in the channel's queue: " + off);
        sendTheRestAndExpectItWhole(c, s, id, big, off);
        assertEquals(2, of(clientEvents, TransportEvent.KeysExchanged.class).size(), "the first exchange and the rekey");
        assertTrue(of(clientEvents, ConnectionEvent.ChannelWindowAdjusted.class).size() > 0, "writers were told to go on");
    }

    /**
     * A rekey started by the data itself: the bulk fast path sends packet after packet straight
     * from the writer's array, and one of them crosses the rekey byte limit. From that packet on
     * the transport only queues, so the rest of a big window's worth must stop in the channel
     * rather than be handed over as payloads that overflow the transport's bounded queue (which
     * threw mid-write and stalled both sides with the windows out of step).
     */
    @Test
    void aRekeyTheDataItselfStartsHoldsTheRestInTheChannel() {
        SshClientEngine c = new SshClientEngine(
                TransportConfig.client().rekey(new org.sshwire.transport.RekeyPolicy(1 << 20,
                        org.sshwire.transport.RekeyPolicy.DEFAULT.packets(), java.time.Duration.ZERO)).build(),
                ClientAuthConfig.builder("alice").methods(List.of("publickey")).identity(Identity.of(ALICE, CRYPTO)).build(),
                ConnectionConfig.client());
        SshServerEngine s = bigWindowServer();
        int id = openSession(c, s);

        byte[] big = new byte[32 << 20];
        new java.util.Random(11).nextBytes(big);
        int off = c.connection().sendData(id, big, 0, big.length);
        assertTrue(c.transport().isQueueing(), "the data crossed the rekey limit");
        assertTrue(off < (2 << 20) + c.connection().config().maxQueuedBytes(), "stopped at the rekey: " + off);
        sendTheRestAndExpectItWhole(c, s, id, big, off);
        assertTrue(of(clientEvents, TransportEvent.KeysExchanged.class).size() >= 3, "the data started rekeys");
    }

    /** Offers the rest of {@code big} from {@code off} as the windows allow; the server must get all of it, in order. */
    private void sendTheRestAndExpectItWhole(SshClientEngine c, SshServerEngine s, int id, byte[] big, int off) {
        for (int round = 0; off < big.length && round < 10_000; round++) {
            pump(c, s);
            off += c.connection().sendData(id, big, off, big.length - off);
        }
        pump(c, s);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        for (ConnectionEvent.ChannelDataReceived d : of(serverEvents, ConnectionEvent.ChannelDataReceived.class)) {
            got.writeBytes(d.data().toArray());
        }
        assertEquals(big.length, got.size());
        assertTrue(java.util.Arrays.equals(big, got.toByteArray()), "every byte, in order");
    }

    /** A server that gives every channel a 64 MiB window, so a writer is limited by the transport, not the peer. */
    private static SshServerEngine bigWindowServer() {
        return new SshServerEngine(TransportConfig.server(List.of(HOST)).build(),
                ServerAuthConfig.builder().build(), ConnectionConfig.server().withInitialWindow(64 << 20));
    }

    /** Logs in and opens a session channel that the server accepts; returns the client's channel id. */
    private int openSession(SshClientEngine c, SshServerEngine s) {
        pump(c, s);
        int id = c.connection().openChannel(new ChannelOpenData.Session());
        pump(c, s);
        s.connection().acceptChannel(of(serverEvents, ConnectionEvent.ChannelOpenRequested.class).get(0).channel());
        pump(c, s);
        return id;
    }
}
