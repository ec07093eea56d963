package org.sshwire.proxy.internal;

/**
 * {@code HOST[:PORT]} as ssh writes it: an IPv6 host in brackets ({@code [::1]:22}), else the
 * last colon splits. The port is left as text (a number for a route, a pattern for a policy).
 *
 * <pre>{@code
 * HostPortSpec hp = HostPortSpec.split("alice@[::1]:22", "[::1]:22", "USER@HOST[:PORT]");  // ("::1", "22")
 * }</pre>
 *
 * @param port null when none is given
 */
public record HostPortSpec(String host, String port) {
    /**
     * @param spec     the whole specification, for messages
     * @param hostPort its {@code HOST[:PORT]} part
     * @param form     what {@code spec} should look like, for messages
     * @throws IllegalArgumentException for an unclosed bracket or text after it that is not {@code :PORT}
     */
    public static HostPortSpec split(String spec, String hostPort, String form) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + spec + "': unclosed [ in the host");
            }
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + spec + "' is not " + form);
            }
            return new HostPortSpec(hostPort.substring(1, close), rest.isEmpty() ? null : rest.substring(1));
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? new HostPortSpec(hostPort, null)
                : new HostPortSpec(hostPort.substring(0, colon), hostPort.substring(colon + 1));
    }
}
