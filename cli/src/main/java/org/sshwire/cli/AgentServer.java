package org.sshwire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.sshwire.auth.internal.agent.AgentFraming;
import org.sshwire.auth.internal.agent.AgentKeyring;
import org.sshwire.auth.internal.agent.AgentSession;
import org.sshwire.transport.wire.Bytes;

/**
 * The socket side of {@code sshwire agent}: a Unix socket that only its owner can open (mode
 * 0600, created inside a 0700 directory and then moved into place, since Java has no umask),
 * peers checked as ssh-agent checks them (SO_PEERCRED: root or our own user), one thread per
 * connection up to {@link #MAX_CONNECTIONS}, and a reaper that forgets expired keys every second.
 */
final class AgentServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
    /** Connections served at once; more are closed at accept (ssh-agent is bounded by its fd limit). */
    static final int MAX_CONNECTIONS = 128;

    private final Path socket;
    private final Path ownedDir;
    private final ServerSocketChannel server;
    private final AgentKeyring keyring;
    private final AgentSession.Confirmer confirmer;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sshwire-agent-reaper");
        t.setDaemon(true);
        return t;
    });

    private AgentServer(Path socket, Path ownedDir, ServerSocketChannel server, AgentKeyring keyring, AgentSession.Confirmer confirmer) {
        this.socket = socket;
        this.ownedDir = ownedDir;
        this.server = server;
        this.keyring = keyring;
        this.confirmer = confirmer;
    }

    /**
     * Listens at {@code socket}; {@code ownedDir} (or null) is a directory created for it, removed
     * with it at the end. An existing file at {@code socket} is an error, as for ssh-agent.
     */
    static AgentServer listen(Path socket, Path ownedDir, AgentKeyring keyring, AgentSession.Confirmer confirmer) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw UserErrors.fail("cannot listen on " + socket + ": Address already in use");
        }
        Path staging = Files.createTempDirectory(parent, ".sshwire-agent-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staged = staging.resolve("s");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(staged), 128);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            Files.move(staged, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(staged);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
        return new AgentServer(socket, ownedDir, ch, keyring, confirmer);
    }

    Path socket() {
        return socket;
    }

    /** Serves until the channel is closed (by {@link #close}, e.g. from a shutdown hook). */
    void serve() throws IOException {
        reaper.scheduleWithFixedDelay(() -> keyring.reap(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        while (server.isOpen()) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                throw e;
            }
            if (!peerAllowed(c) || !slots.tryAcquire()) {
                c.close();
                continue;
            }
            Thread t = new Thread(() -> {
                try (c) {
                    serveConnection(c);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "agent connection ended: " + e.getMessage());
                } finally {
                    slots.release();
                }
            }, "sshwire-agent-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** ssh-agent's getpeereid check: the peer runs as root or as the agent's own user. */
    private static boolean peerAllowed(SocketChannel c) {
        try {
            jdk.net.UnixDomainPrincipal p = c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            String user = p.user().getName();
            boolean ok = user.equals("root") || user.equals(System.getProperty("user.name"));
            if (!ok) {
                LOG.log(System.Logger.Level.WARNING, () -> "refused agent connection from user " + user);
            }
            return ok;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void serveConnection(SocketChannel c) throws IOException {
        InputStream in = Channels.newInputStream(c);
        OutputStream out = Channels.newOutputStream(c);
        AgentSession session = new AgentSession(keyring, confirmer);
        for (Bytes req; (req = AgentFraming.read(in)) != null; ) {
            AgentSession.Reply r = session.handle(req, System.nanoTime(), Instant.now().getEpochSecond());
            if (r.delayMillis() > 0) {
                try {
                    Thread.sleep(r.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            AgentFraming.write(out, r.message());
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
            if (ownedDir != null) {
                Files.deleteIfExists(ownedDir);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot remove " + socket + ": " + e.getMessage());
        }
    }
}
