package org.sshwire.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code -L} / {@code -R} argument in ssh's syntax: {@code [bind_address:]port:host:hostport}
 * with IPv6 addresses in brackets ({@code [::1]:8080:[::1]:80}), or a Unix-socket pair
 * {@code socket_path:socket_path} (a part with a '/' is a path, as in ssh). A missing bind address
 * means loopback, as ssh without GatewayPorts. For {@code -L} the bind side is here and the target
 * is reached by the server; for {@code -R} the reverse.
 */
record ForwardSpec(String bindAddress, int bindPort, String host, int hostPort, String bindSocket, String targetSocket) {
    static final String SYNTAX = "[bind_address:]port:host:hostport or socket_path:socket_path";

    static ForwardSpec parse(String spec) {
        List<String> parts = split(spec);
        boolean pathFirst = parts.get(0).contains("/");
        boolean pathLast = parts.get(parts.size() - 1).contains("/");
        if (parts.size() == 2 && pathFirst && pathLast) {
            return new ForwardSpec(null, 0, null, 0, parts.get(0), parts.get(1));
        }
        if (pathFirst || pathLast) {
            throw UserErrors.fail("forwarding between a TCP port and a Unix socket ('" + spec + "') is not supported");
        }
        if (parts.size() != 3 && parts.size() != 4) {
            throw UserErrors.fail("bad forwarding specification '" + spec + "' (want " + SYNTAX + ")");
        }
        int i = 0;
        String bind = parts.size() == 4 ? parts.get(i++) : "localhost";
        int bindPort = port(parts.get(i++), spec);
        String host = parts.get(i++);
        int hostPort = port(parts.get(i), spec);
        if (host.isEmpty()) {
            throw UserErrors.fail("bad forwarding specification '" + spec + "': empty host");
        }
        return new ForwardSpec(bind.isEmpty() ? "*" : bind, bindPort, host, hostPort, null, null);
    }

    boolean isUnixSocket() {
        return bindSocket != null;
    }

    private static int port(String s, String spec) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw UserErrors.fail("bad port '" + s + "' in forwarding specification '" + spec + "'");
    }

    /** Splits on ':' outside brackets; brackets are removed. */
    private static List<String> split(String spec) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean bracket = false;
        for (char c : spec.toCharArray()) {
            if (c == '[' && !bracket && cur.length() == 0) {
                bracket = true;
            } else if (c == ']' && bracket) {
                bracket = false;
            } else if (c == ':' && !bracket) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (bracket) {
            throw UserErrors.fail("bad forwarding specification '" + spec + "': unclosed '['");
        }
        out.add(cur.toString());
        return out;
    }
}
