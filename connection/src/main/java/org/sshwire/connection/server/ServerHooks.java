package org.sshwire.connection.server;

import org.sshwire.connection.internal.channel.SerialExecutor;
import java.lang.System.Logger.Level;
import org.sshwire.auth.Decision;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.connection.SshEvent;
import org.sshwire.connection.SshServerEngine;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.internal.channel.ConnectionHooks;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.internal.channel.RoundTripProbe;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.connection.internal.channel.ConnectionInternals;

/**
 * The server's side of one connection: authentication questions go to the auth policy, session
 * channels get a {@link Session}, other channel types and global requests go to the registered
 * handlers — all user code on the executor, never on the I/O thread.
 */
final class ServerHooks implements ConnectionHooks {
    private static final System.Logger LOG = System.getLogger(ServerHooks.class.getName());

    private final ServerSettings settings;
    private final SerialExecutor global;
    private final Runnable onAuthenticated;
    private final Runnable onClosed;
    /** The server's accounts as this connection sees them (null: logins are not OS accounts). */
    private final UserAccounts accounts;
    private LoginMetadata metadata; // guarded by this

    ServerHooks(ServerSettings settings, Runnable onAuthenticated, Runnable onClosed) {
        this.settings = settings;
        this.accounts = settings.accounts == null ? null : new ConnectionAccounts(settings.accounts);
        this.global = new SerialExecutor(settings.executor);
        this.onAuthenticated = onAuthenticated;
        this.onClosed = onClosed;
    }

    @Override
    public void onEvent(SshConnection conn, SshEvent event) {
        if (!(event instanceof SshEvent.ServerAuth a)) {
            return;
        }
        if (a.event() instanceof ServerAuthEvent.Question q) {
            settings.executor.execute(() -> {
                Decision decision = LoginDecision.decide(settings.authPolicy, accounts, q, metadata(conn));
                ConnectionInternals.driver(conn).run(e -> {
                    if (!e.isClosed()) {
                        ((SshServerEngine) e).auth().decide(q.id(), decision);
                    }
                });
            });
        } else if (a.event() instanceof ServerAuthEvent.Authenticated ok) {
            ConnectionInternals.authenticated(conn, ok.user(), ok.permissions());
            onAuthenticated.run();
            if (settings.roundTripProbe) {
                RoundTripProbe.start(conn, conn.clientVersion());
            }
        }
    }

    /** One per connection, made on the first question (so after the key exchange). */
    private LoginMetadata metadata(SshConnection conn) {
        synchronized (this) {
            if (metadata == null) {
                metadata = new LoginMetadata(conn);
            }
            return metadata;
        }
    }

    @Override
    public void onChannelOpen(SshConnection conn, ConnectionEvent.ChannelOpenRequested open) {
        ChannelHandler own = settings.channelTypes.get(open.channelType());
        if (ChannelOpenData.SESSION.equals(open.channelType()) && own == null) {
            if (openSessions(conn) >= settings.maxSessions) {
                // session.c session_new() finds no free slot; serverloop.c then answers with its
                // defaults: ADMINISTRATIVELY_PROHIBITED, "open failed".
                LOG.log(Level.INFO, "{0}: MaxSessions {1} reached, session refused", conn.remoteAddress(), settings.maxSessions);
                conn.rejectChannel(open, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, "open failed");
                return;
            }
            Channel ch = conn.acceptChannel(open);
            Session s = new Session(ch, accountOf(conn));
            ch.onRequest(new SessionRequests(s, settings)::onRequest);
            return;
        }
        ChannelHandler h = own;
        if (h == null && open.typed() instanceof ChannelOpenData.DirectTcpip) {
            h = new DirectTcpipHandler(settings.forwarding, settings.executor);
        }
        if (h == null && open.typed() instanceof ChannelOpenData.DirectStreamlocal) {
            h = new DirectStreamlocalHandler(settings.forwarding, settings.executor);
        }
        if (h == null) {
            conn.rejectChannel(open, OpenFailureReason.UNKNOWN_CHANNEL_TYPE, "unknown channel type");
            return;
        }
        ChannelHandler handler = h;
        settings.executor.execute(() -> {
            try {
                handler.handle(conn, open);
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "channel handler failed", e);
                try {
                    conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, String.valueOf(e.getMessage()));
                } catch (IllegalStateException answered) {
                    // the handler had already answered
                }
            }
        });
    }

    /** Session channels open now (sshd's MaxSessions counts sessions, not other channels). */
    private static long openSessions(SshConnection conn) {
        return conn.channels().stream().filter(c -> ChannelOpenData.SESSION.equals(c.type())).count();
    }

    @Override
    public void onGlobalRequest(SshConnection conn, ConnectionEvent.GlobalRequestReceived request) {
        GlobalRequestHandler h = settings.globalRequests.get(request.requestName());
        if (h == null) {
            h = RemoteForwards.handlerFor(request, settings);
        }
        if (h == null) {
            h = StreamLocalForwards.handlerFor(request, settings);
        }
        if (h == null && request.body() instanceof GlobalRequestBody.HostKeysProve prove) {
            h = (c, r) -> HostKeysProver.prove(c, prove, settings.hostKeys, settings.transport.crypto());
        }
        GlobalRequestHandler handler = h;
        global.execute(() -> {
            GlobalReply reply = new GlobalReply(false, Bytes.EMPTY);
            if (handler != null) {
                try {
                    reply = handler.handle(conn, request);
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "global request handler failed", e);
                }
            }
            if (request.wantReply()) {
                conn.replyGlobalRequest(reply.success(), reply.data());
            }
        });
    }

    /** The login's OS account, as this connection's authentication saw it; only if a handler asks. */
    private java.util.function.Supplier<java.util.Optional<UserAccount>> accountOf(SshConnection conn) {
        return accounts == null ? java.util.Optional::empty : () -> accounts.lookup(conn.user());
    }

    @Override
    public void onClosed(SshConnection connection) {
        onClosed.run();
    }
}
