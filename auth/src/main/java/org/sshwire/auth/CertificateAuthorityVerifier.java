package org.sshwire.auth;

import java.net.InetAddress;
import java.util.Optional;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Accepts user certificates signed by a trusted CA (sshd's TrustedUserCAKeys): the
 * {@link CertChecker} checks CA, signature, validity, revocation and critical options; as in
 * sshd, the certificate must name the user among its principals; {@code source-address} is
 * checked against the client; the certificate's options become the {@link Permissions}.
 *
 * <pre>{@code
 * PublicKeyVerifier v = new CertificateAuthorityVerifier(CertChecker.userAuthority(caKey::equals, crypto));
 * }</pre>
 */
public final class CertificateAuthorityVerifier implements PublicKeyVerifier {
    private static final System.Logger LOG = System.getLogger(CertificateAuthorityVerifier.class.getName());
    private final CertChecker checker;

    public CertificateAuthorityVerifier(CertChecker checker) {
        this.checker = checker;
    }

    @Override
    public Optional<Permissions> check(String user, SshPublicKey key, InetAddress client) {
        if (!(key instanceof SshCertificate cert) || cert.principals().isEmpty()) {
            return Optional.empty();
        }
        try {
            checker.checkUserCert(user, cert);
        } catch (KeyFormatException e) {
            LOG.log(System.Logger.Level.DEBUG, "certificate refused for {0}: {1}", user, e.getMessage());
            return Optional.empty();
        }
        return CertificatePermissions.of(cert, client);
    }
}
