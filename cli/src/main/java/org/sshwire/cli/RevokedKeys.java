package org.sshwire.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * sshd's RevokedKeys as a plain list of public keys, one a line ({@code #} comments and blank
 * lines skipped), as sshd reads a file that is not a KRL ({@code sshkey_in_file} with
 * {@code check_ca}): a listed key is refused, and so is a certificate of a listed key or signed by
 * a listed CA. A binary KRL is refused at start with a clear message; read once at start.
 */
final class RevokedKeys implements Predicate<SshPublicKey> {
    /** PROTOCOL.krl's magic. */
    private static final byte[] KRL_MAGIC = "SSHKRL\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** Far more than any real list; a bound on what is read at start. */
    private static final long MAX_BYTES = 16L << 20;

    private final Set<SshPublicKey> keys;

    private RevokedKeys(Set<SshPublicKey> keys) {
        this.keys = Set.copyOf(keys);
    }

    /** The configured file's keys; nothing revoked when none is set. */
    static RevokedKeys of(Optional<Path> file) {
        if (file.isEmpty()) {
            return new RevokedKeys(Set.of());
        }
        Path p = file.get();
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw ServerConfiguration.refuse("RevokedKeys " + p + ": larger than " + MAX_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(p);
            if (bytes.length >= KRL_MAGIC.length && java.util.Arrays.equals(bytes, 0, KRL_MAGIC.length, KRL_MAGIC, 0, KRL_MAGIC.length)) {
                throw ServerConfiguration.refuse("RevokedKeys " + p + ": a binary KRL, which sshwire does not read yet;"
                        + " list the revoked public keys one a line instead");
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
            return new RevokedKeys(keys);
        } catch (IOException e) {
            throw ServerConfiguration.refuse("RevokedKeys " + p + ": " + UserErrors.describe(e));
        }
    }

    @Override
    public boolean test(SshPublicKey key) {
        if (keys.contains(key)) {
            return true;
        }
        return key instanceof SshCertificate c && (keys.contains(c.key()) || keys.contains(c.signatureKey()));
    }
}
