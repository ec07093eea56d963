package org.sshwire.auth.files;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.keys.KeyFormatException;

/** The options field of an authorized_keys line, applied in order (sshd auth-options.c, sshauthopt_parse). */
final class OptionParser {
    private final String s;
    private final ZoneId zone;
    private int pos;

    private boolean certAuthority;
    private String command;
    private final List<String> from = new ArrayList<>();
    private boolean pty = true;
    private boolean portForwarding = true;
    private boolean agentForwarding = true;
    private boolean x11Forwarding = true;
    private boolean userRc = true;
    private final List<String> permitOpen = new ArrayList<>();
    private final List<String> permitListen = new ArrayList<>();
    private final List<String> environment = new ArrayList<>();
    private Instant expiry;
    private List<String> principals;
    private boolean noTouchRequired;
    private boolean verifyRequired;
    private Integer tunnel;

    OptionParser(String s, ZoneId zone) {
        this.s = s;
        this.zone = zone;
    }

    KeyRestrictions parse() {
        while (true) {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != '=' && s.charAt(pos) != ',') {
                pos++;
            }
            String name = AuthorizedKeys.lower(s.substring(start, pos));
            String value = null;
            if (pos < s.length() && s.charAt(pos) == '=') {
                pos++;
                value = quoted();
            }
            apply(name, value);
            if (pos >= s.length()) {
                break;
            }
            if (s.charAt(pos) != ',') {
                throw new KeyFormatException("expected ',' after option " + name);
            }
            pos++;
        }
        return new KeyRestrictions(certAuthority, command, from, pty, portForwarding, agentForwarding, x11Forwarding,
                userRc, permitOpen, permitListen, environment, expiry, principals, noTouchRequired, verifyRequired, tunnel);
    }

    /** A double-quoted value; {@code \"} stands for a quote, other backslashes are kept (opt_dequote). */
    private String quoted() {
        if (pos >= s.length() || s.charAt(pos) != '"') {
            throw new KeyFormatException("option value must be double-quoted");
        }
        pos++;
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < s.length() && s.charAt(pos + 1) == '"') {
                b.append('"');
                pos += 2;
            } else if (c == '"') {
                pos++;
                return b.toString();
            } else {
                b.append(c);
                pos++;
            }
        }
        throw new KeyFormatException("unterminated quoted option value");
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.split(",", -1)) {
            String t = p.strip();
            if (t.isEmpty()) {
                throw new KeyFormatException("empty entry in option list");
            }
            out.add(t);
        }
        return out;
    }

    private void flag(String name, String value) {
        if (value != null) {
            throw new KeyFormatException("option " + name + " takes no value");
        }
    }

    private String need(String name, String value) {
        if (value == null) {
            throw new KeyFormatException("option " + name + " needs a value");
        }
        return value;
    }

    private void apply(String name, String value) {
        switch (name) {
            case "restrict" -> {
                flag(name, value);
                pty = false;
                portForwarding = false;
                agentForwarding = false;
                x11Forwarding = false;
                userRc = false;
            }
            case "cert-authority" -> { flag(name, value); certAuthority = true; }
            case "no-pty" -> { flag(name, value); pty = false; }
            case "pty" -> { flag(name, value); pty = true; }
            case "no-port-forwarding" -> { flag(name, value); portForwarding = false; }
            case "port-forwarding" -> { flag(name, value); portForwarding = true; }
            case "no-agent-forwarding" -> { flag(name, value); agentForwarding = false; }
            case "agent-forwarding" -> { flag(name, value); agentForwarding = true; }
            case "no-x11-forwarding" -> { flag(name, value); x11Forwarding = false; }
            case "x11-forwarding" -> { flag(name, value); x11Forwarding = true; }
            case "no-user-rc" -> { flag(name, value); userRc = false; }
            case "user-rc" -> { flag(name, value); userRc = true; }
            case "no-touch-required" -> { flag(name, value); noTouchRequired = true; }
            case "verify-required" -> { flag(name, value); verifyRequired = true; }
            case "command" -> {
                if (command != null) {
                    throw new KeyFormatException("command= given twice");
                }
                command = need(name, value);
            }
            case "from" -> from.addAll(list(need(name, value)));
            case "principals" -> {
                if (principals != null) {
                    throw new KeyFormatException("principals= given twice");
                }
                principals = list(need(name, value));
            }
            case "permitopen" -> permitOpen.addAll(hostPorts(name, need(name, value), true));
            case "permitlisten" -> permitListen.addAll(hostPorts(name, need(name, value), false));
            case "environment" -> {
                String v = need(name, value);
                int eq = v.indexOf('=');
                if (eq <= 0 || !v.substring(0, eq).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
                    throw new KeyFormatException("environment= must be NAME=value");
                }
                environment.add(v);
            }
            case "expiry-time" -> {
                Instant t = AuthorizedKeys.parseExpiry(need(name, value), zone);
                // sshd keeps the earliest when given twice.
                expiry = expiry == null || t.isBefore(expiry) ? t : expiry;
            }
            case "tunnel" -> {
                String v = need(name, value);
                if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
                    throw new KeyFormatException("tunnel= must be a device number");
                }
                tunnel = Integer.parseInt(v);
            }
            default -> throw new KeyFormatException("unknown option "
                    + (name.length() > 40 ? name.substring(0, 40) + "..." : name));
        }
    }

    /** permitopen="host:port" (port may be *), permitlisten="[host:]port"; IPv6 hosts in brackets. */
    private static List<String> hostPorts(String name, String v, boolean hostRequired) {
        List<String> out = new ArrayList<>();
        for (String hp : list(v)) {
            int colon = hp.lastIndexOf(':');
            String port = colon < 0 ? hp : hp.substring(colon + 1);
            if ((hostRequired && colon <= 0) || port.isEmpty()
                    || !(port.equals("*") || (port.length() <= 5 && port.chars().allMatch(Character::isDigit)))) {
                throw new KeyFormatException(name + " entry must be " + (hostRequired ? "host:port" : "[host:]port"));
            }
            out.add(hp);
        }
        return out;
    }
}
