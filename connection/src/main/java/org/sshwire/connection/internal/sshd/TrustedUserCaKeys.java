package org.sshwire.connection.internal.sshd;

import org.sshwire.connection.config.SshdConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sshwire.auth.CertificateAuthorityVerifier;
import org.sshwire.auth.PublicKeyVerifier;
import org.sshwire.connection.config.SshdSettings;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * sshd's TrustedUserCAKeys: a file of CA public keys, one a line as in authorized_keys without
 * options ({@code #} comments and blank lines skipped); a user certificate signed by one of them
 * logs in as any of its principals, checked by {@link CertificateAuthorityVerifier}.
 */
final class TrustedUserCaKeys {
    private TrustedUserCaKeys() {
    }

    /** The verifier for the configured file; null when none is set. A bad file stops the start (sshd reads it at each login). */
    static PublicKeyVerifier verifier(SshdSettings s, CryptoBackend crypto) {
        Optional<Path> file = s.trustedUserCAKeys();
        if (file.isEmpty()) {
            return null;
        }
        List<SshPublicKey> cas = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    cas.add(KeyFiles.readPublicKeyLine(l));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new SshdConfigException("TrustedUserCAKeys " + file.get() + ": " + FileProblems.describe(e));
        }
        List<SshPublicKey> trusted = List.copyOf(cas);
        return new CertificateAuthorityVerifier(CertChecker.userAuthority(trusted::contains, crypto)
                .withCaSignatureAlgorithms(s.caSignatureAlgorithms()));
    }
}
