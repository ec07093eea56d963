package org.sshwire.connection.internal.sshd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.sshwire.auth.files.Krl;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * sshd's RevokedKeys: an OpenSSH binary KRL (PROTOCOL.krl, {@code ssh-keygen -k}), checked as
 * krl.c {@code ssh_krl_check_key} does, or else a plain list of public keys, one a line
 * ({@code #} comments and blank lines skipped), as sshd reads a file that is not a KRL
 * ({@code sshkey_in_file} with {@code check_ca}): a listed key is refused, and so is a
 * certificate of a listed key or signed by a listed CA. Read once at start; a malformed KRL stops
 * the server there.
 */
final class RevokedKeys implements Predicate<SshPublicKey> {
    /** Far more than any real list; a bound on what is read at start. */
    private static final long MAX_BYTES = 16L << 20;

    private final Set<SshPublicKey> keys;
    private final Krl krl;

    private RevokedKeys(Set<SshPublicKey> keys, Krl krl) {
        this.keys = Set.copyOf(keys);
        this.krl = krl;
    }

    /** The configured file's keys; nothing revoked when none is set. */
    static RevokedKeys of(Optional<Path> file) {
        if (file.isEmpty()) {
            return new RevokedKeys(Set.of(), null);
        }
        Path p = file.get();
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw ServerConfiguration.refuse("RevokedKeys " + p + ": larger than " + MAX_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(p);
            if (Krl.isKrl(bytes)) {
                try {
                    return new RevokedKeys(Set.of(), Krl.parse(bytes));
                } catch (IllegalArgumentException e) {
                    throw ServerConfiguration.refuse("RevokedKeys " + p + ": " + e.getMessage());
                }
            }
            Set<SshPublicKey> keys = new HashSet<>();
            int n = 0;
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                n++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                try {
                    keys.add(KeyFiles.readPublicKeyLine(l));
                } catch (RuntimeException e) {
                    throw ServerConfiguration.refuse("RevokedKeys " + p + " line " + n + ": not a public key");
                }
            }
            return new RevokedKeys(keys, null);
        } catch (IOException e) {
            throw ServerConfiguration.refuse("RevokedKeys " + p + ": " + FileProblems.describe(e));
        }
    }

    @Override
    public boolean test(SshPublicKey key) {
        if (krl != null) {
            return krl.isRevoked(key);
        }
        if (keys.contains(key)) {
            return true;
        }
        return key instanceof SshCertificate c && (keys.contains(c.key()) || keys.contains(c.signatureKey()));
    }
}
