package org.sshwire.auth.files;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Mac;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.auth.internal.Wildcards;

/** Host-name patterns of known_hosts (sshd(8) SSH_KNOWN_HOSTS FILE FORMAT; OpenSSH match.c, hostfile.c). */
final class HostPatterns {
    static final String HASH_MAGIC = "|1|";

    private HostPatterns() {
    }

    /** The name a host is recorded under: {@code host} on port 22, else {@code [host]:port} (put_host_port). */
    static String hostKey(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return port == 22 || port <= 0 ? h : "[" + h + "]:" + port;
    }

    /** Glob match with {@code *} and {@code ?} (match_pattern). */
    static boolean glob(String s, String p) {
        return Wildcards.match(s, p);
    }

    /**
     * Matches a comma-separated pattern list against the host name (match_hostname): 1 if a
     * positive pattern matches, -1 if a negated one does (which overrides), 0 otherwise.
     */
    static int matchList(String name, String patterns) {
        int result = 0;
        for (String raw : patterns.split(",")) {
            String p = raw.toLowerCase(Locale.ROOT);
            boolean negated = p.startsWith("!");
            if (negated) {
                p = p.substring(1);
            }
            if (!p.isEmpty() && glob(name, p)) {
                if (negated) {
                    return -1;
                }
                result = 1;
            }
        }
        return result;
    }

    /** A hashed entry {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))} (hostfile.c, host_hash). */
    record Hashed(byte[] salt, byte[] hash) {
        static Hashed parse(String field) {
            String rest = field.substring(HASH_MAGIC.length());
            int bar = rest.indexOf('|');
            if (bar < 0) {
                throw new KeyFormatException("malformed hashed host");
            }
            try {
                byte[] salt = Base64.getDecoder().decode(rest.substring(0, bar));
                byte[] hash = Base64.getDecoder().decode(rest.substring(bar + 1));
                if (salt.length != 20 || hash.length != 20) {
                    throw new KeyFormatException("hashed host salt and hash must be 20 bytes");
                }
                return new Hashed(salt, hash);
            } catch (IllegalArgumentException e) {
                throw new KeyFormatException("bad base64 in hashed host", e);
            }
        }

        boolean matches(String name, CryptoBackend crypto) {
            return java.security.MessageDigest.isEqual(hash, hmac(salt, name, crypto));
        }

        String format() {
            Base64.Encoder b64 = Base64.getEncoder();
            return HASH_MAGIC + b64.encodeToString(salt) + "|" + b64.encodeToString(hash);
        }
    }

    static byte[] hmac(byte[] salt, String name, CryptoBackend crypto) {
        Mac mac = crypto.hmac("SHA-1", salt);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        mac.update(n, 0, n.length);
        byte[] out = new byte[mac.length()];
        mac.doFinal(out, 0);
        return out;
    }
}
