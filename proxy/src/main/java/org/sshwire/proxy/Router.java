package org.sshwire.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sshwire.connection.channel.SshConnection;

/**
 * Picks the upstream of a bastion login, once per connection, after the user authenticated to
 * the bastion. Throw {@link RouteDeniedException} to refuse: its message reaches the user.
 *
 * <pre>{@code
 * Router onlyDb = (login, conn) -> {
 *     Route r = Router.loginName().route(login, conn);
 *     if (!r.host().startsWith("db")) throw new RouteDeniedException("only db hosts from here");
 *     return r;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Router {
    /**
     * @param login the name the user logged in to the bastion with
     * @param downstream the user's connection to the bastion (addresses, permissions)
     */
    Route route(String login, SshConnection downstream) throws RouteDeniedException;

    /**
     * The default: the login name is the route, {@code USER@HOST[:PORT]}, so
     * {@code ssh -l 'alice@db1:22' -p 2200 bastion} reaches db1 as alice.
     */
    static Router loginName() {
        return (login, conn) -> {
            try {
                return Route.parse(login);
            } catch (IllegalArgumentException e) {
                throw new RouteDeniedException("log in as USER@HOST[:PORT] to say where to go (" + e.getMessage() + ")");
            }
        };
    }

    /**
     * Routes from a file of {@code LOGIN USER@HOST[:PORT]} lines ({@code #} starts a comment):
     * a login listed there goes to its route; any other is refused. The file is read once.
     *
     * @throws IOException if it cannot be read or a line is malformed (with its number)
     */
    static Router routesFile(Path file) throws IOException {
        Map<String, Route> routes = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length != 2) {
                throw new IOException(file + " line " + n + ": want LOGIN USER@HOST[:PORT]");
            }
            try {
                routes.put(f[0], Route.parse(f[1]));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return (login, conn) -> {
            Route r = routes.get(login);
            if (r == null) {
                throw new RouteDeniedException("no route for " + login + " on this bastion");
            }
            return r;
        };
    }
}
