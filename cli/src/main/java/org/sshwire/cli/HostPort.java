package org.sshwire.cli;

/** {@code host}, {@code host:port} or {@code [v6addr]:port}. */
record HostPort(String host, int port) {
    static HostPort parse(String s, int defaultPort) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw UserErrors.fail("bad address " + s);
            }
            String rest = s.substring(close + 1);
            return new HostPort(s.substring(1, close), rest.startsWith(":") ? port(rest.substring(1)) : defaultPort);
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.indexOf(':') == colon) {
            return new HostPort(s.substring(0, colon), port(s.substring(colon + 1)));
        }
        return new HostPort(s, defaultPort);
    }

    private static int port(String p) {
        try {
            int n = Integer.parseInt(p);
            if (n < 0 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw UserErrors.fail("bad port " + p);
        }
    }
}
