package org.sshwire.auth;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.wire.Bytes;

/**
 * A static user/password table. Passwords are kept only as SHA-256 digests and compared in
 * constant time; an unknown user costs the same comparison, so timing tells nothing about which
 * users exist or how much of a password was right.
 *
 * <pre>{@code
 * PasswordTable table = PasswordTable.of(Map.of("alice", "correct horse"), crypto);
 * table.matches("alice", "correct horse");   // true
 * }</pre>
 */
public final class PasswordTable {
    private final Map<String, byte[]> digests = new HashMap<>();
    private final byte[] dummy;
    private final CryptoBackend crypto;

    private PasswordTable(Map<String, String> passwords, CryptoBackend crypto) {
        this.crypto = crypto;
        passwords.forEach((u, p) -> digests.put(u, digest(p)));
        this.dummy = digest("\0sshwire-no-such-user\0");
    }

    public static PasswordTable of(Map<String, String> passwords, CryptoBackend crypto) {
        return new PasswordTable(passwords, crypto);
    }

    private byte[] digest(String password) {
        Digest d = crypto.digest("SHA-256");
        d.update(password.getBytes(StandardCharsets.UTF_8));
        return d.digest();
    }

    /** Whether {@code password} is {@code user}'s; constant time in the password's content. */
    public boolean matches(String user, String password) {
        byte[] want = digests.get(user);
        boolean known = want != null;
        boolean same = Bytes.constantTimeEquals(known ? want : dummy, digest(password));
        return known & same;
    }
}
