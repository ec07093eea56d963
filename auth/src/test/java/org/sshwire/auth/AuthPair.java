package org.sshwire.auth;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Payload;
import org.sshwire.auth.AuthTransport;

/**
 * Our client and our server, each a TransportEngine plus an authenticator, wired back to back in
 * memory. Server questions are answered by {@link #serverAnswers}; client questions by
 * {@link #clientAnswers}. {@link #pump} moves everything until quiet.
 */
final class AuthPair {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair HOST_KEY = SshKeyPair.generate("ssh-ed25519", 0, C);

    final TransportEngine client;
    final TransportEngine server;
    final ServerAuthConfig serverConfig;
    final ClientAuthConfig clientConfig;
    ServerAuthenticator serverAuth;
    ClientAuthenticator clientAuth;
    final List<TransportEvent> clientTransportEvents = new ArrayList<>();
    final List<TransportEvent> serverTransportEvents = new ArrayList<>();
    final List<ServerAuthEvent> serverEvents = new ArrayList<>();
    final List<ClientAuthEvent> clientEvents = new ArrayList<>();
    /** Connection-layer payloads that reached the layer above auth on each side. */
    final List<Payload> serverAbove = new ArrayList<>();
    final List<Payload> clientAbove = new ArrayList<>();
    Function<ServerAuthEvent.Question, Decision> serverAnswers = q -> null;
    Function<ClientAuthEvent, Object> clientAnswers = e -> null;
    boolean startClient = true;
    /** The test speaks for the client: payloads from the server are only collected. */
    boolean rawClient;
    final List<Payload> clientRaw = new ArrayList<>();

    AuthPair(ServerAuthConfig serverConfig, ClientAuthConfig clientConfig) {
        this(serverConfig, clientConfig, TransportConfig.server(List.of(HOST_KEY)));
    }

    /** With the server's transport configured by the test (e.g. its server-sig-algs). */
    AuthPair(ServerAuthConfig serverConfig, ClientAuthConfig clientConfig, TransportConfig.Builder serverTransport) {
        this(serverConfig, clientConfig, TransportConfig.client(), serverTransport);
    }

    /** Both transports configured by the test (e.g. an observer of the client's requests). */
    AuthPair(ServerAuthConfig serverConfig, ClientAuthConfig clientConfig, TransportConfig.Builder clientTransport,
             TransportConfig.Builder serverTransport) {
        this.serverConfig = serverConfig;
        this.clientConfig = clientConfig;
        client = new TransportEngine(clientTransport.build());
        server = new TransportEngine(serverTransport.build());
    }

    AuthPair answers(Function<ServerAuthEvent.Question, Decision> f) {
        serverAnswers = f;
        return this;
    }

    AuthPair run() {
        pump();
        return this;
    }

    void pump() {
        int quiet = 0;
        for (int round = 0; round < 10_000; round++) {
            boolean moved = move(client, server) | move(server, client);
            drainClient();
            drainServer();
            quiet = moved ? 0 : quiet + 1;
            if (quiet == 2) {
                return;
            }
        }
        throw new AssertionError("never went quiet");
    }

    private static boolean move(TransportEngine from, TransportEngine to) {
        boolean moved = false;
        for (ByteBuffer b; (b = from.pollTransmit()) != null; ) {
            to.receive(b);
            moved = true;
        }
        return moved;
    }

    private void drainClient() {
        for (TransportEvent e; (e = client.pollEvent()) != null; ) {
            clientTransportEvents.add(e);
            if (e instanceof TransportEvent.HostKeyToVerify) {
                client.acceptHostKey();
            } else if (e instanceof TransportEvent.KeysExchanged k && k.initial()) {
                client.requestService("ssh-userauth");
            } else if (e instanceof TransportEvent.ExtInfoReceived x && clientAuth != null) {
                clientAuth.onExtInfo(x.extensions());
            } else if (e instanceof TransportEvent.ExtInfoReceived x) {
                pendingExtInfo = x;
            } else if (e instanceof TransportEvent.ServiceAccepted) {
                clientAuth = new ClientAuthenticator(clientConfig, AuthTransport.of(client), client.connectionInfo().sessionId(),
                        client.connectionInfo().hostKey());
                if (pendingExtInfo != null) {
                    clientAuth.onExtInfo(pendingExtInfo.extensions());
                }
                if (startClient) {
                    clientAuth.start();
                }
            } else if (e instanceof TransportEvent.PayloadReceived p) {
                if (rawClient) {
                    clientRaw.add(p.payload());
                } else if (clientAuth.isAuthenticated() && p.payload().msgId() >= 80) {
                    clientAbove.add(p.payload());
                } else {
                    clientAuth.receive(p);
                }
            }
        }
        if (clientAuth == null) {
            return;
        }
        for (ClientAuthEvent e; (e = clientAuth.pollEvent()) != null; ) {
            clientEvents.add(e);
            Object answer = clientAnswers.apply(e);
            if (answer == null) {
                continue;
            }
            if (e instanceof ClientAuthEvent.PasswordNeeded q) {
                clientAuth.providePassword(q.id(), (String) answer);
            } else if (e instanceof ClientAuthEvent.PasswordChangeNeeded q) {
                clientAuth.provideNewPassword(q.id(), (String) answer);
            } else if (e instanceof ClientAuthEvent.InfoRequested q) {
                @SuppressWarnings("unchecked")
                List<String> r = (List<String>) answer;
                clientAuth.respond(q.id(), r);
            }
        }
    }

    private TransportEvent.ExtInfoReceived pendingExtInfo;

    private void drainServer() {
        for (TransportEvent e; (e = server.pollEvent()) != null; ) {
            serverTransportEvents.add(e);
            if (e instanceof TransportEvent.ServiceAccepted) {
                serverAuth = new ServerAuthenticator(serverConfig, AuthTransport.of(server), server.connectionInfo().sessionId(),
                        server.connectionInfo().hostKey());
            } else if (e instanceof TransportEvent.PayloadReceived p) {
                if (serverAuth.isAuthenticated() && p.payload().msgId() >= 80) {
                    serverAbove.add(p.payload());
                } else {
                    serverAuth.receive(p);
                }
            }
        }
        if (serverAuth == null) {
            return;
        }
        for (ServerAuthEvent e; (e = serverAuth.pollEvent()) != null; ) {
            serverEvents.add(e);
            if (e instanceof ServerAuthEvent.Question q) {
                Decision d = serverAnswers.apply(q);
                if (d != null) {
                    serverAuth.decide(q.id(), d);
                }
            }
        }
    }

    <T> List<T> serverEvents(Class<T> type) {
        return serverEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T> List<T> clientEvents(Class<T> type) {
        return clientEvents.stream().filter(type::isInstance).map(type::cast).toList();
    }

    TransportEvent.Disconnected serverDisconnect() {
        return serverTransportEvents.stream().filter(TransportEvent.Disconnected.class::isInstance)
                .map(TransportEvent.Disconnected.class::cast).findFirst().orElse(null);
    }

    TransportEvent.Disconnected clientDisconnect() {
        return clientTransportEvents.stream().filter(TransportEvent.Disconnected.class::isInstance)
                .map(TransportEvent.Disconnected.class::cast).findFirst().orElse(null);
    }
}
