package org.sshwire.connection.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.Decision;
import org.sshwire.auth.Identity;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.connection.SshClientEngine;
import org.sshwire.connection.SshEvent;
import org.sshwire.connection.SshServerEngine;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;

/**
 * The connection-layer recipes of RESEARCH.md ("Recipes"), run as tests: a whole client and
 * server engine stack in memory, the client turned hostile with {@code transport().sendRaw}.
 * Lines starting "recipe:" are what RESEARCH.md shows.
 */
class ConnectionRecipesTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    static final SshKeyPair ALICE = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);

    private static void show(List<String> lines) {
        lines.forEach(l -> System.out.println("recipe: " + l));
    }

    /** A client and server engine stack back to back; the server accepts Alice's key. */
    static final class Stack {
        final SshClientEngine client;
        final SshServerEngine server;
        final List<Object> clientEvents = new ArrayList<>();
        final List<Object> serverEvents = new ArrayList<>();
        /** Whether the server's application answers the authentication questions (else they wait). */
        boolean decide = true;
        /** Whether the server's application accepts channel opens (else they wait). */
        boolean acceptOpens = true;

        Stack(ConnectionConfig serverConnection) {
            this(serverConnection, ConnectionHooks.NONE);
        }

        Stack(ConnectionConfig serverConnection, ConnectionHooks serverHooks) {
            this(ClientAuthConfig.builder("alice").methods(List.of("publickey")).identity(Identity.of(ALICE, CRYPTO)).build(),
                    ConnectionHooks.NONE, serverConnection, serverHooks);
        }

        Stack(ClientAuthConfig clientAuth, ConnectionHooks clientHooks, ConnectionConfig serverConnection, ConnectionHooks serverHooks) {
            client = new SshClientEngine(TransportConfig.client().build(), clientAuth, ConnectionConfig.client(),
                    org.sshwire.transport.ConnectionInfo.opening(1, null, null), clientHooks);
            server = new SshServerEngine(TransportConfig.server(List.of(HOST)).build(),
                    ServerAuthConfig.builder().build(), serverConnection,
                    org.sshwire.transport.ConnectionInfo.opening(2, null, null), serverHooks);
        }

        Stack pump() {
            for (int round = 0; round < 1000; round++) {
                boolean moved = false;
                for (ByteBuffer b; (b = client.pollTransmit()) != null; moved = true) {
                    server.receive(b);
                }
                for (ByteBuffer b; (b = server.pollTransmit()) != null; moved = true) {
                    client.receive(b);
                }
                for (SshEvent e; (e = client.pollEvent()) != null; moved = true) {
                    clientEvents.add(inner(e));
                    if (inner(e) instanceof TransportEvent.HostKeyToVerify) {
                        client.transport().acceptHostKey();
                    }
                }
                for (SshEvent e; (e = server.pollEvent()) != null; moved = true) {
                    Object ev = inner(e);
                    serverEvents.add(ev);
                    if (!decide && ev instanceof ServerAuthEvent.Question) {
                        continue;
                    }
                    if (ev instanceof ServerAuthEvent.PublicKeyQuery q) {
                        server.auth().decide(q.id(), q.key().equals(ALICE.publicKey()) ? Decision.accept() : Decision.reject());
                    } else if (ev instanceof ServerAuthEvent.PublicKeyVerified v) {
                        server.auth().decide(v.id(), v.key().equals(ALICE.publicKey()) ? Decision.accept() : Decision.reject());
                    } else if (acceptOpens && ev instanceof ConnectionEvent.ChannelOpenRequested r) {
                        server.connection().acceptChannel(r.channel());
                    }
                }
                if (!moved) {
                    return this;
                }
            }
            throw new AssertionError("never quiet");
        }

        static Object inner(SshEvent e) {
            return e instanceof SshEvent.Transport t ? t.event() : e instanceof SshEvent.ServerAuth a ? a.event()
                    : e instanceof SshEvent.ClientAuth c ? c.event() : ((SshEvent.Connection) e).event();
        }

        <T> List<T> clientEvents(Class<T> type) {
            return clientEvents.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T> List<T> serverEvents(Class<T> type) {
            return serverEvents.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Test
    void windowOverrunEndsTheConnectionWithProtocolError() {
        List<String> log = new ArrayList<>();
        // --- RESEARCH.md: Window overrun
        // The server gives each channel a 4096-byte window; the client, logged in with a session
        // open, sends 4000 then 97 bytes of CHANNEL_DATA as raw payloads, past its own window
        // accounting: 4097 bytes in all, before any WINDOW_ADJUST could arrive.
        Stack s = new Stack(ConnectionConfig.server().withInitialWindow(4096)).pump();
        int id = s.client.connection().openChannel(new ChannelOpenData.Session());
        s.pump();
        ConnectionEvent.ChannelOpenConfirmed opened = s.clientEvents(ConnectionEvent.ChannelOpenConfirmed.class).get(0);
        log.add("client: channel " + id + " confirmed, window " + opened.peerWindow() + ", max packet " + opened.peerMaxPacket());
        int serverChannel = s.serverEvents(ConnectionEvent.ChannelOpenRequested.class).get(0).channel();
        s.client.transport().sendRaw(new ChannelData(serverChannel, Bytes.wrap(new byte[4000])).toPayload());
        s.client.transport().sendRaw(new ChannelData(serverChannel, Bytes.wrap(new byte[97])).toPayload());
        s.pump();
        s.serverEvents(ConnectionEvent.ChannelDataReceived.class)
                .forEach(d -> log.add("server application got " + d.data().length() + " bytes"));
        TransportEvent.Disconnected d = s.clientEvents(TransportEvent.Disconnected.class).get(0);
        log.add("client: " + d);
        // ---
        show(log);
        assertEquals(4096, opened.peerWindow());
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertTrue(d.byPeer(), "the server sent the DISCONNECT");
        assertTrue(d.description().contains("overruns window"), d::description);
        assertEquals(List.of(4000), s.serverEvents(ConnectionEvent.ChannelDataReceived.class).stream()
                .map(x -> x.data().length()).toList(), "the bytes within the window were delivered, the rest not");
        assertTrue(s.client.transport().isClosed() && s.server.transport().isClosed());
    }
}
