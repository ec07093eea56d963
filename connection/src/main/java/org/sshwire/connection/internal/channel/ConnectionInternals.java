package org.sshwire.connection.internal.channel;

import java.net.InetSocketAddress;
import org.sshwire.auth.Permissions;
import org.sshwire.connection.SshEvent;
import org.sshwire.connection.channel.ChannelTap;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.internal.driver.EngineDriver;

/**
 * What the server, client and drivers do to an {@link SshConnection} that its users may not:
 * create it, bind its driver, report authentication and events. {@code SshConnection} keeps
 * these package-private and registers an {@link Access} here when its class initialises (the
 * JDK's "shared secrets" pattern), so they stay out of the public API without reflection.
 */
public final class ConnectionInternals {
    private static volatile Access access;

    private ConnectionInternals() {
    }

    /** Implemented once, inside {@code SshConnection}'s package. */
    public interface Access {
        SshConnection create(ConnectionHooks hooks, ChannelTap tap);

        EngineDriver bind(SshConnection c, EngineDriver d, InetSocketAddress remote, InetSocketAddress local);

        void onCloseTransport(SshConnection c, Runnable closeTransport);

        EngineDriver driver(SshConnection c);

        void authenticated(SshConnection c, String user, Permissions permissions);

        void onEvent(SshConnection c, SshEvent event);
    }

    /** Called by {@code SshConnection}'s static initialiser. */
    public static void register(Access a) {
        access = a;
    }

    public static SshConnection create(ConnectionHooks hooks, ChannelTap tap) {
        return access().create(hooks, tap);
    }

    /** Binds the driver; call from the driver factory, before any event can be dispatched. */
    public static EngineDriver bind(SshConnection c, EngineDriver d, InetSocketAddress remote, InetSocketAddress local) {
        return access().bind(c, d, remote, local);
    }

    /** What closes the socket or streams at once (used by close when the peer does not answer). */
    public static void onCloseTransport(SshConnection c, Runnable closeTransport) {
        access().onCloseTransport(c, closeTransport);
    }

    /** The engine driver: for lower-level commands under the connection's lock. */
    public static EngineDriver driver(SshConnection c) {
        return access().driver(c);
    }

    /** Called by the role when authentication completed. */
    public static void authenticated(SshConnection c, String user, Permissions permissions) {
        access().authenticated(c, user, permissions);
    }

    /** The driver's listener: every event, in order, outside the engine lock. */
    public static void onEvent(SshConnection c, SshEvent event) {
        access().onEvent(c, event);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try { // initialising the class registers it
                Class.forName(SshConnection.class.getName(), true, SshConnection.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
