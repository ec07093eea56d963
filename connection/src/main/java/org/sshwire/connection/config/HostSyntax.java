package org.sshwire.connection.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * OpenSSH's host and destination syntax (misc.c and readconf.c), shared by sshd_config and ssh_config: {@code [user@]host[:port]} with bracketed
 * addresses ({@code parse_user_host_port}, {@code hpdelim}), {@code ssh://[user@]host[:port]}
 * URIs ({@code parse_uri}), domain names ({@code valid_domain}), and ProxyJump lists
 * ({@code parse_jump}), where the last hop is the one ssh connects through first.
 */
final class HostSyntax {
    private HostSyntax() {
    }

    /** A parsed destination: user (or null), host, port (-1 if none). */
    record Destination(String user, String host, int port) {
    }

    /**
     * {@code hpdelim}: splits "host:port", "[v6]:port" or "host/port" at the first delimiter;
     * returns {host, rest-or-null}, or null if malformed.
     */
    static String[] hpdelim(String s) {
        if (s == null) {
            return null;
        }
        int i;
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            i = close + 1;
        } else {
            i = 0;
            while (i < s.length() && s.charAt(i) != ':' && s.charAt(i) != '/') {
                i++;
            }
        }
        if (i >= s.length()) {
            return new String[] {s, null};
        }
        if (s.charAt(i) == ':' || s.charAt(i) == '/') {
            return new String[] {s.substring(0, i), s.substring(i + 1), String.valueOf(s.charAt(i))};
        }
        return null;
    }

    /** {@code cleanhostname}: "[addr]" loses its brackets. */
    static String cleanHostname(String h) {
        if (h.length() >= 2 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']') {
            return h.substring(1, h.length() - 1);
        }
        return h;
    }

    /** {@code parse_user_host_port}: null if malformed. */
    static Destination parseUserHostPort(String s) {
        String user = null;
        String rest = s;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            if (at == 0) {
                return null;
            }
            user = s.substring(0, at);
            rest = s.substring(at + 1);
        }
        String[] hp = hpdelim(rest);
        if (hp == null || hp[0].isEmpty()) {
            return null;
        }
        int port = -1;
        if (hp[1] != null && !hp[1].isEmpty()) {
            port = Scalars.a2port(hp[1]);
            if (port <= 0) {
                return null;
            }
        }
        return new Destination(user, cleanHostname(hp[0]), port);
    }

    /** Thrown for an ssh:// URI that is malformed (ssh's -1 from {@code parse_uri}). */
    static final class BadUri extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadUri(String uri) {
            super("invalid URI " + uri);
        }
    }

    /** {@code parse_uri("ssh", ...)}: null if {@code s} is not an ssh:// URI; BadUri if it is a bad one. */
    static Destination parseSshUri(String s, boolean pathAllowed) {
        if (!s.startsWith("ssh://")) {
            return null;
        }
        String uri = s.substring(6);
        String user = null;
        int at = uri.indexOf('@');
        if (at >= 0) {
            String info = uri.substring(0, at);
            int semi = info.indexOf(';');
            if (semi >= 0) {
                info = info.substring(0, semi); // connection parameters are ignored, as ssh does
            }
            user = urlDecode(info);
            if (user == null || user.isEmpty()) {
                throw new BadUri(s);
            }
            uri = uri.substring(at + 1);
        }
        String[] hp = hpdelim(uri);
        if (hp == null || hp[0].isEmpty()) {
            throw new BadUri(s);
        }
        String host = cleanHostname(hp[0]);
        if (validDomain(host, false, new String[1]) == null) {
            throw new BadUri(s);
        }
        int port = -1;
        if (hp[1] != null) {
            String rest = hp[1];
            String delim = hp[2];
            if (delim.equals(":")) {
                int slash = rest.indexOf('/');
                String p = slash >= 0 ? rest.substring(0, slash) : rest;
                port = Scalars.a2port(p);
                if (port <= 0) {
                    throw new BadUri(s);
                }
                delim = slash >= 0 ? "/" : "";
            }
            if (delim.equals("/") && !pathAllowed) {
                throw new BadUri(s);
            }
        }
        return new Destination(user, host, port);
    }

    /** {@code urldecode}: %XX escapes; null for a malformed one or a NUL. */
    private static String urlDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int v = Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16);
                if (v <= 0) {
                    return null;
                }
                out.write(v);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code valid_domain}: letters, digits, '-', '_' and single dots, starting with a letter or
     * digit; a trailing dot is dropped. Returns the name (lowercased if asked), or null with the
     * reason in {@code err[0]}.
     */
    static String validDomain(String name, boolean makeLower, String[] err) {
        if (name.isEmpty()) {
            err[0] = "empty domain name";
            return null;
        }
        char first = name.charAt(0);
        if (!Character.isLetterOrDigit(first) || first > 127) {
            err[0] = "domain name \"" + name + "\" starts with invalid character";
            return null;
        }
        char last = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if (last == '.' && c == '.') {
                err[0] = "domain name \"" + name + "\" contains consecutive separators";
                return null;
            }
            if (c != '.' && c != '-' && c != '_' && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                err[0] = "domain name \"" + name + "\" contains invalid characters";
                return null;
            }
            last = c;
        }
        String out = makeLower ? name.toLowerCase(Locale.ROOT) : name;
        return out.endsWith(".") ? out.substring(0, out.length() - 1) : out;
    }

    /**
     * readconf.c {@code parse_jump}: checks every hop of "hop1,hop2,..."; when the line applies and
     * neither ProxyCommand nor ProxyJump is set yet, keeps the last hop as the jump host and the
     * others as {@code jumpExtra}, and sets ProxyCommand to "none" (the two exclude each other).
     */
    static boolean parse(String s, ClientOptions o, boolean active) {
        active &= o.strings.get(ClientKeyword.PROXY_COMMAND) == null && o.jumpHost == null;
        String orig = s;
        int hash = orig.indexOf('#');
        if (hash >= 0) {
            orig = orig.substring(0, hash);
        }
        orig = orig.stripTrailing();
        Destination first = null;
        if (!s.equalsIgnoreCase("none")) {
            String rest = orig;
            boolean isFirst = true;
            while (true) {
                int comma = rest.lastIndexOf(',');
                String hop = comma < 0 ? rest : rest.substring(comma + 1);
                Destination d;
                try {
                    d = parseSshUri(hop, false);
                } catch (BadUri e) {
                    return false;
                }
                if (d == null) {
                    d = parseUserHostPort(hop);
                    if (d == null) {
                        return false;
                    }
                }
                if (isFirst) {
                    first = d;
                }
                isFirst = false;
                if (comma < 0) {
                    break;
                }
                rest = rest.substring(0, comma);
            }
        }
        if (active) {
            if (s.equalsIgnoreCase("none")) {
                o.jumpHost = "none";
                o.jumpPort = 0;
            } else {
                o.jumpUser = first.user();
                o.jumpHost = first.host();
                o.jumpPort = first.port();
                o.strings.put(ClientKeyword.PROXY_COMMAND, "none");
                int comma = s.lastIndexOf(',');
                if (comma > 0) {
                    o.jumpExtra = s.substring(0, comma);
                }
            }
        }
        return true;
    }
}
