package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.sshwire.auth.files.Krl;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/**
 * {@code ssh-keygen -k} and {@code -Q}: KRLs (PROTOCOL.krl) from ssh-keygen's key specification
 * files, and queries against one. A specification line is a public key (a certificate is revoked
 * by its serial under its CA, or by key id when its serial is 0), or {@code serial: N[-M]} or
 * {@code id: KEYID} (both need {@code -s ca}, as in ssh-keygen), {@code key: PUBLIC-KEY}, {@code sha1: PUBLIC-KEY},
 * {@code sha256: PUBLIC-KEY} or {@code hash: SHA256:FINGERPRINT}; {@code #} comments and blank
 * lines are skipped (ssh-keygen.c update_krl_from_file).
 */
final class KrlSpec {
    /** Specification files larger than this are not specifications. */
    static final long MAX_SPEC = 16L << 20;

    private KrlSpec() {
    }

    /** Writes {@code krlFile}: from scratch, or with {@code update} adding to the KRL already there. */
    static void generate(Path krlFile, SshPublicKey ca, Long version, boolean update, List<Path> specs) throws IOException {
        Krl.Builder b;
        if (update && Files.exists(krlFile)) {
            try {
                b = Krl.parse(read(krlFile)).toBuilder();
            } catch (IllegalArgumentException e) {
                throw UserErrors.fail("Invalid KRL file " + krlFile + ": " + e.getMessage());
            }
        } else {
            b = Krl.builder();
        }
        if (version != null) {
            b.version(version);
        }
        for (Path spec : specs) {
            int n = 0;
            for (String raw : new String(read(spec), StandardCharsets.UTF_8).split("\n")) {
                n++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    apply(b, ca, line);
                } catch (IllegalArgumentException e) {
                    throw UserErrors.fail(spec + ":" + n + ": " + e.getMessage());
                }
            }
        }
        Files.write(krlFile, b.build().encode(Instant.now()));
    }

    static void apply(Krl.Builder b, SshPublicKey ca, String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("serial:")) {
            if (ca == null) {
                throw new IllegalArgumentException("revoking certificates by serial number requires specification of a CA key");
            }
            String v = line.substring(7).strip();
            int dash = v.indexOf('-');
            long lo = serial(dash < 0 ? v : v.substring(0, dash));
            long hi = dash < 0 ? lo : serial(v.substring(dash + 1));
            b.revokeSerials(ca, lo, hi);
        } else if (lower.startsWith("id:")) {
            // ssh-keygen 9.2 asks for the CA here too, though a KRL can name "any CA" (Krl reads those).
            if (ca == null) {
                throw new IllegalArgumentException("revoking certificates by key ID requires specification of a CA key");
            }
            b.revokeKeyId(ca, line.substring(3).strip());
        } else if (lower.startsWith("hash:")) {
            String fp = line.substring(5).strip();
            if (!fp.startsWith("SHA256:")) {
                throw new IllegalArgumentException("only SHA256 fingerprints are supported: " + fp);
            }
            b.revokeSha256(Bytes.wrap(Base64.getDecoder().decode(pad(fp.substring(7)))));
        } else if (lower.startsWith("key:")) {
            b.revokeKey(plainOrCert(key(line.substring(4))));
        } else if (lower.startsWith("sha1:")) {
            b.revokeSha1(digest("SHA-1", key(line.substring(5))));
        } else if (lower.startsWith("sha256:")) {
            b.revokeSha256(digest("SHA-256", key(line.substring(7))));
        } else {
            b.revokeKey(key(line));
        }
    }

    /** {@code key:} revokes the key itself, explicitly, even when it is a certificate's key. */
    private static SshPublicKey plainOrCert(SshPublicKey k) {
        return k instanceof org.sshwire.transport.keys.SshCertificate c ? c.key() : k;
    }

    private static Bytes digest(String alg, SshPublicKey k) {
        try {
            return Bytes.wrap(java.security.MessageDigest.getInstance(alg).digest(plainOrCert(k).blob().toArray()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SshPublicKey key(String text) {
        try {
            return KeyFiles.readPublicKeyLine(text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid public key: " + e.getMessage());
        }
    }

    private static long serial(String s) {
        try {
            return Long.parseUnsignedLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid serial number \"" + s.strip() + "\"");
        }
    }

    private static String pad(String b64) {
        return b64 + "=".repeat((4 - b64.length() % 4) % 4);
    }

    /** {@code ssh-keygen -Q -f krl file...}: "file (comment): REVOKED" or "... ok" per key; 1 when any is revoked. */
    static int query(Path krlFile, List<Path> keyFiles, PrintWriter out) throws IOException {
        Krl krl;
        try {
            krl = Krl.parse(read(krlFile));
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail("Invalid KRL file " + krlFile + ": " + e.getMessage());
        }
        int status = 0;
        for (Path f : keyFiles) {
            for (String raw : new String(read(f), StandardCharsets.UTF_8).split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                KeyFiles.PublicKeyLine k;
                try {
                    k = KeyFiles.parsePublicKeyLine(line);
                } catch (RuntimeException e) {
                    throw UserErrors.fail(f + ": invalid public key: " + e.getMessage());
                }
                boolean revoked = krl.isRevoked(k.key());
                // ssh-keygen.c do_check_krl's words: "FILE (COMMENT): REVOKED" or "... ok".
                out.println(f + (k.comment().isEmpty() ? "" : " (" + k.comment() + ")") + ": " + (revoked ? "REVOKED" : "ok"));
                if (revoked) {
                    status = 1;
                }
            }
        }
        return status;
    }

    private static byte[] read(Path f) throws IOException {
        if (Files.size(f) > MAX_SPEC) {
            throw UserErrors.fail(f + ": larger than " + MAX_SPEC + " bytes");
        }
        return Files.readAllBytes(f);
    }
}
