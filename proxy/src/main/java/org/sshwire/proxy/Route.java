package org.sshwire.proxy;

import java.util.Objects;
import org.sshwire.proxy.internal.HostPortSpec;

/**
 * Where a bastion login goes: the account {@code user} on {@code host:port}.
 *
 * <pre>{@code
 * Route r = Route.parse("alice@db1:2222");   // alice on db1, port 2222
 * Route d = Route.parse("alice@db1");        // port 22
 * }</pre>
 */
public record Route(String user, String host, int port) {
    public Route {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        if (user.isEmpty() || host.isEmpty()) {
            throw new IllegalArgumentException("a route needs a user and a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1..65535");
        }
    }

    /**
     * Parses {@code USER@HOST[:PORT]} (the last {@code @} splits, so a user name may hold one;
     * an IPv6 host is written in brackets, {@code alice@[::1]:22}).
     *
     * @throws IllegalArgumentException if {@code spec} is not of that form
     */
    public static Route parse(String spec) {
        int at = spec.lastIndexOf('@');
        if (at <= 0 || at == spec.length() - 1) {
            throw new IllegalArgumentException("'" + spec + "' is not USER@HOST[:PORT]");
        }
        String user = spec.substring(0, at);
        HostPortSpec hp = HostPortSpec.split(spec, spec.substring(at + 1), "USER@HOST[:PORT]");
        String host = hp.host();
        int port = hp.port() == null ? 22 : port(spec, hp.port());
        return new Route(user, host, port);
    }

    private static int port(String spec, String p) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 1 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + spec + "': port '" + p + "' is not 1..65535");
    }

    /** {@code user@host:port}, with brackets around an IPv6 host. */
    @Override
    public String toString() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
