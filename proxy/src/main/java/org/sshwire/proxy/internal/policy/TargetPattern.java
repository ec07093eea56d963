package org.sshwire.proxy.internal.policy;

import org.sshwire.proxy.Route;
import org.sshwire.proxy.internal.HostPortSpec;

/**
 * A target a rule allows, {@code [USER@]HOST[:PORT]}, each part with wildcards; a missing user or
 * port matches any, and an IPv6 host is written in brackets ({@code *@[fd00::*]:22}).
 */
public record TargetPattern(String user, String host, String port) {
    /** @throws IllegalArgumentException if {@code spec} is not of that form */
    public static TargetPattern parse(String spec) {
        if (spec.isEmpty() || spec.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + spec + "' is not a target pattern [USER@]HOST[:PORT]");
        }
        int at = spec.lastIndexOf('@');
        String user = at >= 0 ? spec.substring(0, at) : "*";
        HostPortSpec hp = HostPortSpec.split(spec, spec.substring(at + 1), "a target pattern [USER@]HOST[:PORT]");
        String host = hp.host();
        String port = hp.port() == null ? "*" : hp.port();
        if (user.isEmpty() || host.isEmpty() || port.isEmpty()) {
            throw new IllegalArgumentException("'" + spec + "' has an empty user, host or port");
        }
        if (!port.matches("[0-9*?]+")) {
            throw new IllegalArgumentException("'" + spec + "': port '" + port + "' is not a number or pattern");
        }
        return new TargetPattern(user, host, port);
    }

    public boolean matches(Route r) {
        return Glob.matches(user, r.user()) && Glob.matchesHost(host, r.host()) && Glob.matches(port, String.valueOf(r.port()));
    }
}
