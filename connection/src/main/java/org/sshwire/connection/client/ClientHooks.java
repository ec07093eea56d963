package org.sshwire.connection.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.sshwire.auth.ClientAuthEvent;
import org.sshwire.connection.SshClientEngine;
import org.sshwire.connection.SshEvent;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.internal.channel.ConnectionHooks;
import org.sshwire.connection.internal.channel.Splice;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.connection.internal.channel.ConnectionInternals;

/**
 * The client's side of one connection: the host key goes to the verifier, authentication
 * outcomes complete {@link #authenticated}, forwarded-tcpip channels reach their local targets.
 */
final class ClientHooks implements ConnectionHooks {
    private static final System.Logger LOG = System.getLogger(ClientHooks.class.getName());

    final CompletableFuture<Void> authenticated = new CompletableFuture<>();
    /** "bindAddress:port" of remote forwards (see {@link RemoteForward#key}) → local target, unresolved. */
    final Map<String, InetSocketAddress> remoteForwards = new ConcurrentHashMap<>();
    /** Remote socket path of streamlocal forwards → local Unix socket. */
    final Map<String, Path> remoteStreamForwards = new ConcurrentHashMap<>();
    /** The local agent that auth-agent@openssh.com channels reach (SshClient.forwardAgent); null refuses them. */
    volatile Path agentSocket;
    /** Channel types the server may open that the application handles itself (Builder.channelType). */
    volatile Map<String, org.sshwire.connection.server.ChannelHandler> channelTypes = Map.of();
    /** Who hears about hostkeys-00 announcements, after the proofs; null: announcements are ignored. */
    volatile HostKeyUpdate.Listener hostKeysListener;
    volatile CryptoBackend crypto = CryptoBackend.defaultBackend();
    /** Who answers keyboard-interactive rounds; null: nobody, the method is given up. */
    volatile KeyboardInteractiveChallenge challenge;
    /** Who shows SSH_MSG_USERAUTH_BANNER text; null: banners are dropped. */
    volatile java.util.function.Consumer<String> bannerListener;
    /**
     * Banners shown so far, in order, on the executor; the login's outcome completes after them,
     * so a banner is never shown after connect() has returned (or thrown).
     */
    private CompletableFuture<Void> banners = CompletableFuture.completedFuture(null);
    private final String host;
    private final int port;
    private final String user;
    private final HostKeyVerifier verifier;
    private final Executor executor;

    ClientHooks(String host, int port, String user, HostKeyVerifier verifier, Executor executor) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.verifier = verifier;
        this.executor = executor;
    }

    @Override
    public void onEvent(SshConnection conn, SshEvent event) {
        if (event instanceof SshEvent.Transport t) {
            if (t.event() instanceof TransportEvent.HostKeyToVerify h) {
                executor.execute(() -> {
                    HostKeyException refused = null;
                    try {
                        if (!verifier.verify(host, port, h.hostKey())) {
                            refused = new HostKeyException(host, port, h.hostKey(), "the host key verifier refused "
                                    + h.hostKey().keyType() + " " + h.hostKey().fingerprintSha256() + " for " + host);
                        }
                    } catch (HostKeyException e) {
                        refused = e;
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "host key verifier failed", e);
                        refused = new HostKeyException(host, port, h.hostKey(), "the host key verifier failed: " + e, e);
                    }
                    // Completed before the rejection: the DISCONNECT it causes must not be what connect() reports.
                    if (refused != null) {
                        authenticated.completeExceptionally(refused);
                    }
                    boolean accept = refused == null;
                    ConnectionInternals.driver(conn).run(e -> {
                        if (accept) {
                            e.transport().acceptHostKey();
                        } else {
                            e.transport().rejectHostKey("host key not trusted");
                        }
                    });
                });
            } else if (t.event() instanceof TransportEvent.Disconnected d) {
                java.io.IOException gone = new java.io.IOException("disconnected: " + d.reason() + " " + d.description());
                banners.whenComplete((x, e) -> authenticated.completeExceptionally(gone));
            }
        } else if (event instanceof SshEvent.Connection c && c.event() instanceof ConnectionEvent.HostKeysAnnounced h) {
            HostKeyUpdate.Listener l = hostKeysListener;
            if (l != null) {
                executor.execute(() -> {
                    try {
                        l.onHostKeys(HostKeysProbe.check(conn, host, port, h.hostKeys(), crypto));
                    } catch (Exception e) {
                        LOG.log(Level.WARNING, "host key update failed", e);
                    }
                });
            }
        } else if (event instanceof SshEvent.ClientAuth a) {
            if (a.event() instanceof ClientAuthEvent.Banner b) {
                java.util.function.Consumer<String> l = bannerListener;
                if (l != null) {
                    banners = banners.thenRunAsync(() -> {
                        try {
                            l.accept(b.message());
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "banner listener failed", e);
                        }
                    }, executor);
                }
            } else if (a.event() instanceof ClientAuthEvent.Authenticated) {
                ConnectionInternals.authenticated(conn, user, null);
                banners.whenComplete((x, t) -> authenticated.complete(null));
            } else if (a.event() instanceof ClientAuthEvent.Failed f) {
                banners.whenComplete((x, t) -> authenticated.completeExceptionally(f.error()));
            } else if (a.event() instanceof ClientAuthEvent.PasswordNeeded p) {
                ConnectionInternals.driver(conn).run(e -> ((SshClientEngine) e).auth().providePassword(p.id(), null));
            } else if (a.event() instanceof ClientAuthEvent.PasswordChangeNeeded p) {
                // RFC 4252 §8: nobody here can choose a new password; give the method up, as ssh
                // does without a terminal, rather than leave the question open.
                ConnectionInternals.driver(conn).run(e -> ((SshClientEngine) e).auth().provideNewPassword(p.id(), null));
            } else if (a.event() instanceof ClientAuthEvent.InfoRequested q) {
                KeyboardInteractiveChallenge c = challenge;
                if (c == null) {
                    ConnectionInternals.driver(conn).run(e -> ((SshClientEngine) e).auth().respond(q.id(), null));
                } else {
                    executor.execute(() -> answer(conn, c, q));
                }
            }
        }
    }

    /** Runs the user's challenge callback (off the I/O thread) and passes its answers on. */
    private void answer(SshConnection conn, KeyboardInteractiveChallenge c, ClientAuthEvent.InfoRequested q) {
        List<String> given;
        try {
            List<String> answers = c.answer(q.name(), q.instruction(), q.prompts());
            if (answers != null && (answers.size() != q.prompts().size() || answers.stream().anyMatch(x -> x == null))) {
                // Go's client refuses this too ("incorrect number of answers"); RFC 4256 §3.4
                // wants exactly one response per prompt. (The answers themselves stay out of the message.)
                throw new IOException("the keyboard-interactive callback gave " + answers.size() + " answers"
                        + (answers.stream().anyMatch(x -> x == null) ? " with a null" : "") + " to "
                        + q.prompts().size() + " prompts");
            }
            given = answers == null ? null : List.copyOf(answers);
        } catch (IOException | RuntimeException e) {
            authenticated.completeExceptionally(e instanceof IOException io ? io
                    : new IOException("the keyboard-interactive callback failed: " + e, e));
            conn.abort();
            return;
        }
        ConnectionInternals.driver(conn).run(e -> ((SshClientEngine) e).auth().respond(q.id(), given));
    }

    @Override
    public void onChannelOpen(SshConnection conn, ConnectionEvent.ChannelOpenRequested open) {
        org.sshwire.connection.server.ChannelHandler own = channelTypes.get(open.channelType());
        if (own != null) {
            executor.execute(() -> {
                try {
                    own.handle(conn, open);
                } catch (Exception e) {
                    LOG.log(Level.DEBUG, "channel handler failed", e);
                    try {
                        conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, String.valueOf(e.getMessage()));
                    } catch (IllegalStateException answered) {
                        // the handler had already answered
                    }
                }
            });
            return;
        }
        if (open.typed() instanceof ChannelOpenData.ForwardedTcpip f) {
            InetSocketAddress target = f.connectedPort() > 65535 ? null
                    : remoteForwards.get(RemoteForward.key(f.connectedAddress(), (int) f.connectedPort()));
            if (target != null) {
                executor.execute(() -> {
                    Socket s = new Socket();
                    try {
                        s.setTcpNoDelay(true);
                        s.connect(new InetSocketAddress(target.getHostString(), target.getPort()), 10_000);
                    } catch (java.io.IOException e) {
                        try {
                            s.close();
                        } catch (java.io.IOException ignored) {
                            // not connected
                        }
                        conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, e.getMessage());
                        return;
                    }
                    Channel ch = conn.acceptChannel(open);
                    Splice.start(s, ch, executor);
                });
                return;
            }
        }
        if (open.typed() instanceof ChannelOpenData.ForwardedStreamlocal f) {
            Path target = remoteStreamForwards.get(f.socketPath());
            if (target != null) {
                executor.execute(() -> {
                    SocketChannel s;
                    try {
                        s = SocketChannel.open(UnixDomainSocketAddress.of(target));
                    } catch (java.io.IOException e) {
                        conn.rejectChannel(open, OpenFailureReason.CONNECT_FAILED, e.getMessage());
                        return;
                    }
                    Splice.start(s, conn.acceptChannel(open), executor);
                });
                return;
            }
        }
        Path agent = agentSocket;
        if (agent != null && open.channelType().equals(AgentForwarding.CHANNEL)) {
            AgentForwarding.accept(conn, open, agent, executor);
            return;
        }
        LOG.log(Level.DEBUG, "refusing unexpected {0} channel {1}", open.channelType(), open.typed());
        conn.rejectChannel(open, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, "not expected");
    }

    @Override
    public void onGlobalRequest(SshConnection conn, ConnectionEvent.GlobalRequestReceived request) {
        if (request.wantReply()) {
            conn.replyGlobalRequest(false, org.sshwire.transport.wire.Bytes.EMPTY);
        }
    }

}
