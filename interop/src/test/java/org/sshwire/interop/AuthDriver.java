package org.sshwire.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.sshwire.auth.AuthTransport;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.ClientAuthEvent;
import org.sshwire.auth.ClientAuthenticator;
import org.sshwire.auth.Decision;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.auth.ServerAuthenticator;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;

/**
 * A minimal test driver for transport + authenticator over a stream pair (DESIGN §3 allows
 * lower-layer tests their own): one reader thread, every engine call under one lock. Questions
 * are answered by the test's function inline (a real driver runs them off the lock).
 */
final class AuthDriver implements AutoCloseable {
    private final TransportEngine engine;
    private final InputStream in;
    private final OutputStream out;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final List<Object> seen = new ArrayList<>();
    private final ClientAuthConfig clientConfig;
    private final ServerAuthConfig serverConfig;
    private final Function<ServerAuthEvent.Question, Decision> serverAnswers;
    private final Function<ClientAuthEvent, Object> clientAnswers;
    private ClientAuthenticator client;
    private ServerAuthenticator server;
    private java.util.Map<String, org.sshwire.transport.wire.Bytes> extInfo;
    /** Test hook: rewrites the server's EXT_INFO before the client authenticator sees it. */
    volatile java.util.function.UnaryOperator<java.util.Map<String, org.sshwire.transport.wire.Bytes>> extInfoFilter = m -> m;

    private AuthDriver(TransportEngine engine, InputStream in, OutputStream out, ClientAuthConfig cc,
                       Function<ClientAuthEvent, Object> ca, ServerAuthConfig sc, Function<ServerAuthEvent.Question, Decision> sa) {
        this.engine = engine;
        this.in = in;
        this.out = out;
        this.clientConfig = cc;
        this.clientAnswers = ca;
        this.serverConfig = sc;
        this.serverAnswers = sa;
        act(() -> { });
        Thread reader = new Thread(this::readLoop, "sshwire-auth-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static AuthDriver client(TransportEngine e, InputStream in, OutputStream out, ClientAuthConfig cfg,
                             Function<ClientAuthEvent, Object> answers) {
        return new AuthDriver(e, in, out, cfg, answers, null, null);
    }

    static AuthDriver server(TransportEngine e, InputStream in, OutputStream out, ServerAuthConfig cfg,
                             Function<ServerAuthEvent.Question, Decision> answers) {
        return new AuthDriver(e, in, out, null, null, cfg, answers);
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                act(() -> engine.receive(b));
            }
        } catch (IOException ignored) {
            // closing the stream ends the session like EOF
        }
        act(engine::receiveEof);
    }

    void act(Runnable action) {
        synchronized (engine) {
            action.run();
            boolean more = true;
            while (more) {
                more = false;
                for (TransportEvent ev; (ev = engine.pollEvent()) != null; ) {
                    more = true;
                    events.add(ev);
                    onTransport(ev);
                }
                if (client != null) {
                    for (ClientAuthEvent ev; (ev = client.pollEvent()) != null; ) {
                        more = true;
                        events.add(ev);
                        answer(ev);
                    }
                }
                if (server != null) {
                    for (ServerAuthEvent ev; (ev = server.pollEvent()) != null; ) {
                        more = true;
                        events.add(ev);
                        if (ev instanceof ServerAuthEvent.Question q) {
                            server.decide(q.id(), serverAnswers.apply(q));
                        }
                    }
                }
            }
            try {
                for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
                    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                }
                out.flush();
            } catch (IOException e) {
                engine.receiveEof();
            }
        }
    }

    private void onTransport(TransportEvent ev) {
        if (ev instanceof TransportEvent.HostKeyToVerify) {
            engine.acceptHostKey();
        } else if (ev instanceof TransportEvent.KeysExchanged k && k.initial() && clientConfig != null) {
            engine.requestService("ssh-userauth");
        } else if (ev instanceof TransportEvent.ExtInfoReceived x) {
            extInfo = extInfoFilter.apply(x.extensions());
            if (client != null) {
                client.onExtInfo(extInfo);
            }
        } else if (ev instanceof TransportEvent.ServiceAccepted) {
            if (clientConfig != null) {
                client = new ClientAuthenticator(clientConfig, AuthTransport.of(engine), engine.connectionInfo().sessionId());
                if (extInfo != null) {
                    client.onExtInfo(extInfo);
                }
                client.start();
            } else {
                server = new ServerAuthenticator(serverConfig, AuthTransport.of(engine), engine.connectionInfo().sessionId());
            }
        } else if (ev instanceof TransportEvent.PayloadReceived p) {
            if (client != null && !client.isAuthenticated()) {
                client.receive(p);
            } else if (server != null && !server.isAuthenticated()) {
                server.receive(p);
            }
        }
    }

    private void answer(ClientAuthEvent ev) {
        Object a = clientAnswers.apply(ev);
        if (ev instanceof ClientAuthEvent.PasswordNeeded q) {
            client.providePassword(q.id(), (String) a);
        } else if (ev instanceof ClientAuthEvent.PasswordChangeNeeded q) {
            client.provideNewPassword(q.id(), (String) a);
        } else if (ev instanceof ClientAuthEvent.InfoRequested q) {
            @SuppressWarnings("unchecked")
            List<String> r = (List<String>) a;
            client.respond(q.id(), r);
        }
    }

    /** Waits for the next event of {@code type}; fails on a disconnect or the deadline. */
    <T> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Object ev = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (ev == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; saw " + seen);
            }
            seen.add(ev);
            if (type.isInstance(ev)) {
                return type.cast(ev);
            }
            if (ev instanceof TransportEvent.Disconnected d && type != TransportEvent.Disconnected.class) {
                throw new AssertionError("disconnected while waiting for " + type.getSimpleName() + ": " + d + "; saw " + seen);
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
        in.close();
    }
}
