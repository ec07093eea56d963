package org.sshwire.connection.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;

/**
 * The connection engines composed with real transport engines (encrypted, in memory), as a
 * driver would: PayloadReceived goes to the connection engine, its payloads to transport.send.
 * (Authentication is skipped: the server offers {@code ssh-connection} directly.) A 1 MiB
 * stream in each direction through a 32 KiB window arrives byte-exact across a forced rekey.
 */
class OverTransportTest {

    /** One end: a transport engine and a connection engine wired together. */
    private static final class End {
        final TransportEngine transport;
        final ConnectionEngine connection;
        final List<ConnectionEvent> events = new ArrayList<>();
        int read;
        int rekeys;

        End(TransportConfig t, ConnectionConfig c) {
            transport = new TransportEngine(t);
            connection = new ConnectionEngine(c);
        }

        /** Routes transport events; returns true if anything happened. */
        boolean step() {
            boolean any = false;
            for (TransportEvent e; (e = transport.pollEvent()) != null; ) {
                any = true;
                if (e instanceof TransportEvent.KeysExchanged && !((TransportEvent.KeysExchanged) e).initial()) {
                    rekeys++;
                }
                if (e instanceof TransportEvent.HostKeyToVerify) {
                    transport.acceptHostKey();
                } else if (e instanceof TransportEvent.PayloadReceived) {
                    connection.receive(((TransportEvent.PayloadReceived) e).payload());
                }
            }
            for (ConnectionEvent e; (e = connection.pollEvent()) != null; ) {
                events.add(e);
                any = true;
            }
            for (Payload p; (p = connection.pollTransmit()) != null; ) {
                transport.send(p);
                any = true;
            }
            return any;
        }
    }

    private static boolean move(TransportEngine from, TransportEngine to) {
        boolean moved = false;
        for (ByteBuffer b; (b = from.pollTransmit()) != null; ) {
            to.receive(b);
            moved = true;
        }
        return moved;
    }

    private static void pump(End a, End b) {
        for (int round = 0; round < 100_000; round++) {
            boolean any = a.step() | b.step() | move(a.transport, b.transport) | move(b.transport, a.transport);
            if (!any) {
                return;
            }
        }
        throw new AssertionError("never quiet");
    }

    @Test
    void aMegabyteEachWayThroughA32KiBWindowAcrossARekey() throws Exception {
        SshKeyPair hostKey = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());
        End client = new End(TransportConfig.client().build(),
                ConnectionConfig.client().withInitialWindow(32 * 1024).withWindowPolicy(WindowPolicy.standard()));
        End server = new End(TransportConfig.server(List.of(hostKey)).services(Set.of("ssh-connection")).build(),
                ConnectionConfig.server().withInitialWindow(32 * 1024));
        client.transport.requestService("ssh-connection");
        pump(client, server);

        int ch = client.connection.openChannel("session", Bytes.EMPTY);
        pump(client, server);
        int sch = ((ConnectionEvent.ChannelOpenRequested) server.events.get(0)).channel();
        server.connection.acceptChannel(sch);
        client.connection.sendChannelRequest(ch, new ChannelRequestBody.Exec(Bytes.utf8("cat")), false);
        pump(client, server);

        byte[] up = new byte[1 << 20];
        byte[] down = new byte[1 << 20];
        new java.util.Random(1).nextBytes(up);
        new java.util.Random(2).nextBytes(down);
        MessageDigest upSeen = MessageDigest.getInstance("SHA-256");
        MessageDigest downSeen = MessageDigest.getInstance("SHA-256");
        int upOff = 0;
        int downOff = 0;
        int serverRead = 0;
        int clientRead = 0;
        boolean rekeyed = false;
        while (serverRead < up.length || clientRead < down.length) {
            upOff += client.connection.sendData(ch, up, upOff, up.length - upOff);
            downOff += server.connection.sendData(sch, down, downOff, down.length - downOff);
            if (!rekeyed && upOff > up.length / 2) {
                client.transport.startRekey();
                rekeyed = true;
            }
            pump(client, server);
            serverRead += consume(server, sch, upSeen);
            clientRead += consume(client, ch, downSeen);
            pump(client, server);
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(up), upSeen.digest());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(down), downSeen.digest());
        assertTrue(rekeyed);
        assertEquals(1, client.rekeys);
        assertEquals(1, server.rekeys);
        assertTrue(client.events.stream().noneMatch(e -> e instanceof ConnectionEvent.ProtocolError));
        assertTrue(server.events.stream().noneMatch(e -> e instanceof ConnectionEvent.ProtocolError));

        client.connection.sendEof(ch);
        client.connection.close(ch);
        pump(client, server);
        server.connection.close(sch);
        pump(client, server);
        assertEquals(0, client.connection.channelCount());
        assertEquals(0, server.connection.channelCount());
    }

    /** Reads (digests) every data event so far on one end and reports it consumed. */
    private static int consume(End end, int ch, MessageDigest into) {
        int n = 0;
        List<ConnectionEvent> fresh = end.events.subList(end.read, end.events.size());
        end.read = end.events.size();
        for (ConnectionEvent e : fresh) {
            if (e instanceof ConnectionEvent.ChannelDataReceived) {
                Bytes d = ((ConnectionEvent.ChannelDataReceived) e).data();
                into.update(d.toArray());
                n += d.length();
            }
        }
        if (n > 0) {
            end.connection.consumed(ch, n);
        }
        return n;
    }
}
