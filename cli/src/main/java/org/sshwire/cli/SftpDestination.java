package org.sshwire.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The destination argument of OpenSSH's {@code sftp}, tried in sftp.c's order:
 * {@code sftp://[user@]host[:port][/path]} (misc.c parse_uri, %-escapes decoded), then
 * {@code [user@]host:[path]} (parse_user_host_path: the first ':' outside brackets, and none
 * when a '/' comes before it; an empty path is "."), then {@code [user@]host}. A null path means
 * none was given; a null port means -P / Port decide.
 *
 * <pre>{@code
 * SftpDestination d = SftpDestination.parse("alice@example.org:logs/today.txt");
 * }</pre>
 */
record SftpDestination(String user, String host, Integer port, String path) {
    static SftpDestination parse(String arg) {
        if (arg.regionMatches(true, 0, "sftp://", 0, 7)) {
            return uri(arg);
        }
        int colon = colon(arg);
        String userHost = colon < 0 ? arg : arg.substring(0, colon);
        String path = colon < 0 ? null : arg.substring(colon + 1);
        if (path != null && path.isEmpty()) {
            path = ".";
        }
        int at = userHost.lastIndexOf('@');
        String user = at < 0 || at == 0 ? null : userHost.substring(0, at);
        String host = clean(at < 0 ? userHost : userHost.substring(at + 1));
        if (host.isEmpty()) {
            throw bad(arg);
        }
        return new SftpDestination(user, host, null, path);
    }

    /** misc.c colon(): the host/path separator, or -1 for a plain host (or a local-looking path). */
    private static int colon(String s) {
        if (s.startsWith(":")) {
            return -1;
        }
        boolean bracket = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '@' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                bracket = true;
            } else if (c == '[' && i == 0) {
                bracket = true;
            } else if (c == ']' && bracket && i + 1 < s.length() && s.charAt(i + 1) == ':') {
                return i + 1;
            } else if (c == ':' && !bracket) {
                return i;
            } else if (c == '/') {
                return -1;
            }
        }
        return -1;
    }

    private static String clean(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static SftpDestination uri(String arg) {
        String rest = arg.substring(7);
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = decode(arg, rest.substring(slash + 1));
            rest = rest.substring(0, slash);
            if (path.isEmpty()) {
                path = null;
            }
        }
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = decode(arg, rest.substring(0, at));
            rest = rest.substring(at + 1);
            if (user.isEmpty() || user.contains(";")) {
                throw bad(arg); // ssh's ;fingerprint= connection parameters are not supported
            }
        }
        Integer port = null;
        String host;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(arg);
            }
            host = rest.substring(1, close);
            rest = rest.substring(close + 1);
        } else {
            int colon = rest.indexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            rest = colon < 0 ? "" : rest.substring(colon);
        }
        if (!rest.isEmpty()) {
            if (!rest.startsWith(":")) {
                throw bad(arg);
            }
            try {
                port = Integer.parseInt(rest.substring(1));
            } catch (NumberFormatException e) {
                throw bad(arg);
            }
            if (port < 1 || port > 65535) {
                throw bad(arg);
            }
        }
        if (host.isEmpty()) {
            throw bad(arg);
        }
        return new SftpDestination(user, host, port, path);
    }

    /** misc.c urldecode: %XX escapes; a '+' stays a '+'. */
    private static String decode(String arg, String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw bad(arg);
                }
                try {
                    int b = Integer.parseInt(s.substring(i + 1, i + 3), 16);
                    if (b == 0) {
                        throw bad(arg);
                    }
                    out.write(b);
                } catch (NumberFormatException e) {
                    throw bad(arg);
                }
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static UserErrors.ExitException bad(String arg) {
        return new UserErrors.ExitException("invalid destination '" + arg + "'", 255);
    }

    /** A path as one word of an sftp command line, its glob characters left live (as sftp's own "get %s"). */
    static String word(String path) {
        StringBuilder b = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '\\' || c == '#') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
