package org.sshwire.connection.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

/**
 * ssh's expansions (misc.c): {@code %}-tokens ({@code percent_expand}), {@code ${VAR}}
 * ({@code dollar_expand}), {@code ~} ({@code tilde_expand_filename}), the {@code %C} connection
 * hash, and OpenSSH 10.1's checks on a user or host name given on the command line, which keep
 * shell metacharacters out of ProxyCommand, LocalCommand and KnownHostsCommand.
 */
final class Tokens {
    private Tokens() {
    }

    /** A %-token or ${VAR} ssh refuses: unknown key, trailing '%', unset or malformed variable. */
    static final class ExpansionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ExpansionException(String message) {
            super(message);
        }
    }

    /** {@code percent_expand}: %% is '%', %x is the value for x; an unknown x is an error. */
    static String percentExpand(String s, Map<Character, String> keys) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= s.length()) {
                throw new ExpansionException("percent_expand: invalid format");
            }
            char k = s.charAt(++i);
            if (k == '%') {
                out.append('%');
                continue;
            }
            String v = keys.get(k);
            if (v == null) {
                throw new ExpansionException("percent_expand: unknown key %" + k);
            }
            out.append(v);
        }
        return out.toString();
    }

    /** {@code dollar_expand}: ${NAME} from the environment; null if a variable is unset or malformed. */
    static String dollarExpand(String s, Function<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int j = s.indexOf('}', i + 2);
                if (j < 0 || j == i + 2) {
                    return null;
                }
                String name = s.substring(i + 2, j);
                if (!validEnvName(name)) {
                    return null;
                }
                String v = env.apply(name);
                if (v == null) {
                    return null;
                }
                out.append(v);
                i = j;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** misc.c {@code valid_env_name}: letters, digits and '_', not starting with a digit. */
    static boolean validEnvName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code tilde_expand_filename} for the local user: "~" and "~/x" only. */
    static String tildeExpand(String path, String home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return (home.endsWith("/") ? home.substring(0, home.length() - 1) : home) + path.substring(1);
        }
        return path;
    }

    /**
     * readconf.c {@code ssh_connection_hash}: SHA-1 over local host name, remote host, port, remote
     * user and (OpenSSH 9.6+) the jump host, in hex; the value of %C.
     */
    static String connectionHash(String thisHost, String host, String port, String user, String jumpHost) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (String s : new String[] {thisHost, host, port, user, jumpHost}) {
                md.update(s.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * OpenSSH 10.1's {@code valid_ruser}: no leading '-', no control characters, none of
     * {@code '`";&<>|(){}}, no '-' after whitespace, no trailing backslash.
     */
    static boolean validRemoteUser(String s) {
        if (s.startsWith("-")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || "'`\";&<>|(){}".indexOf(c) >= 0) {
                return false;
            }
            if (Scalars.isSpace(c) && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                return false;
            }
            if (c == '\\' && i + 1 == s.length()) {
                return false;
            }
        }
        return true;
    }

    /**
     * OpenSSH 10.1's {@code valid_hostname}: no leading '-', and none of {@code '`"$\;&<>|(){},},
     * whitespace or control characters.
     */
    static boolean validHostname(String s) {
        if (s.startsWith("-")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("'`\"$\\;&<>|(){},".indexOf(c) >= 0 || Scalars.isSpace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
