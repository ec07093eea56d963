package org.sshwire.cli;

/**
 * {@code -D [bind_address:]port} as ssh's parse_forward reads it for a dynamic forward: a port
 * alone listens on the loopback address (GatewayPorts no); {@code *} or an empty bind address
 * every address; an IPv6 bind address is bracketed.
 *
 * <pre>{@code
 * DynamicSpec d = DynamicSpec.parse("127.0.0.1:1080");
 * }</pre>
 */
record DynamicSpec(String bindAddress, int port) {
    static DynamicSpec parse(String spec) {
        String bind = null;
        String port = spec;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != ':') {
                throw bad(spec);
            }
            bind = spec.substring(1, close);
            port = spec.substring(close + 2);
        } else {
            int colon = spec.lastIndexOf(':');
            if (colon >= 0) {
                bind = spec.substring(0, colon);
                port = spec.substring(colon + 1);
                if (bind.contains(":")) {
                    throw bad(spec);
                }
            }
        }
        try {
            int n = Integer.parseInt(port);
            if (n >= 0 && n <= 65535) {
                return new DynamicSpec(bind, n);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad(spec);
    }

    private static UserErrors.ExitException bad(String spec) {
        return new UserErrors.ExitException("Bad dynamic forwarding specification '" + spec + "'", 255);
    }
}
