package org.sshwire.transport.keys;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * Decides whether an OpenSSH certificate is acceptable, in the spirit of Go's
 * {@code ssh.CertChecker}: which CA keys may sign user and host certificates, a revocation
 * callback, and a clock for the validity window. Immutable; the {@code with*} methods return
 * modified copies.
 *
 * <pre>{@code
 * CertChecker checker = CertChecker.userAuthority(caKey::equals, crypto)
 *         .withRevoked(cert -> revokedSerials.contains(cert.serial()));
 * checker.checkUserCert("alice", cert);   // throws CertificateException naming the reason
 * }</pre>
 *
 * <p>A certificate with an empty principal list is refused, user and host alike: OpenSSH 10.3
 * refuses them (sshkey_cert_check_authority), where Go and older OpenSSH took them as valid for
 * every principal. Principals are compared exactly, each as one whole name (a comma inside a
 * principal never splits it; OpenSSH 10.3 fixed its principals= matching to the same effect).
 * Critical options other than those in {@link #supportedCriticalOptions()} make the certificate
 * unacceptable (PROTOCOL.certkeys: unrecognised critical options must be refused). The CA's
 * signature must use an algorithm of the CA key's own type that is listed in
 * {@link #caSignatureAlgorithms()} (ssh_config/sshd_config {@code CASignatureAlgorithms}; by
 * default OpenSSH's list, without {@code ssh-rsa}).
 */
public record CertChecker(Predicate<SshPublicKey> isUserAuthority, Predicate<SshPublicKey> isHostAuthority,
                          Predicate<SshCertificate> isRevoked, Clock clock, List<String> caSignatureAlgorithms,
                          Set<String> supportedCriticalOptions, CryptoBackend crypto) {

    /** The critical options sshwire's auth layer enforces. */
    public static final Set<String> DEFAULT_CRITICAL_OPTIONS = Set.of("force-command", "source-address", "verify-required");

    /**
     * OpenSSH's default {@code CASignatureAlgorithms} (myproposal.h SSH_ALLOWED_CA_SIGALGS, 8.2+):
     * no {@code ssh-rsa}, so an RSA CA must sign with SHA-2. The sk-* variants are not implemented.
     */
    public static final List<String> DEFAULT_CA_SIGNATURE_ALGORITHMS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");

    public CertChecker {
        Objects.requireNonNull(isUserAuthority);
        Objects.requireNonNull(isHostAuthority);
        Objects.requireNonNull(isRevoked);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(crypto);
        caSignatureAlgorithms = List.copyOf(caSignatureAlgorithms);
        supportedCriticalOptions = Set.copyOf(supportedCriticalOptions);
    }

    /** A checker trusting nothing, with the system clock; add authorities with the {@code with*} methods. */
    public static CertChecker create(CryptoBackend crypto) {
        return new CertChecker(k -> false, k -> false, c -> false, Clock.systemUTC(), DEFAULT_CA_SIGNATURE_ALGORITHMS,
                DEFAULT_CRITICAL_OPTIONS, crypto);
    }

    public static CertChecker userAuthority(Predicate<SshPublicKey> isUserAuthority, CryptoBackend crypto) {
        return create(crypto).withUserAuthority(isUserAuthority);
    }

    public static CertChecker hostAuthority(Predicate<SshPublicKey> isHostAuthority, CryptoBackend crypto) {
        return create(crypto).withHostAuthority(isHostAuthority);
    }

    public CertChecker withUserAuthority(Predicate<SshPublicKey> p) {
        return new CertChecker(p, isHostAuthority, isRevoked, clock, caSignatureAlgorithms, supportedCriticalOptions, crypto);
    }

    public CertChecker withHostAuthority(Predicate<SshPublicKey> p) {
        return new CertChecker(isUserAuthority, p, isRevoked, clock, caSignatureAlgorithms, supportedCriticalOptions, crypto);
    }

    public CertChecker withRevoked(Predicate<SshCertificate> p) {
        return new CertChecker(isUserAuthority, isHostAuthority, p, clock, caSignatureAlgorithms, supportedCriticalOptions, crypto);
    }

    public CertChecker withClock(Clock c) {
        return new CertChecker(isUserAuthority, isHostAuthority, isRevoked, c, caSignatureAlgorithms, supportedCriticalOptions, crypto);
    }

    /**
     * Accept CA signatures made with legacy {@code ssh-rsa} (SHA-1), i.e. add it to (or remove it
     * from) {@link #caSignatureAlgorithms()}; off by default as in OpenSSH 8.2+.
     */
    public CertChecker withLegacySignatures(boolean allow) {
        List<String> algs = new java.util.ArrayList<>(caSignatureAlgorithms);
        algs.remove(SignatureAlgorithm.SSH_RSA.name());
        if (allow) {
            algs.add(SignatureAlgorithm.SSH_RSA.name());
        }
        return withCaSignatureAlgorithms(algs);
    }

    /** Whether {@code ssh-rsa} CA signatures are accepted. */
    public boolean allowLegacySignatures() {
        return caSignatureAlgorithms.contains(SignatureAlgorithm.SSH_RSA.name());
    }

    /**
     * The signature algorithms a CA may have signed with ({@code CASignatureAlgorithms}); a
     * certificate signed with any other is refused, as by sshd and ssh (match_pattern_list on the
     * signature's algorithm name).
     */
    public CertChecker withCaSignatureAlgorithms(List<String> algorithms) {
        return new CertChecker(isUserAuthority, isHostAuthority, isRevoked, clock, algorithms, supportedCriticalOptions, crypto);
    }

    public CertChecker withSupportedCriticalOptions(Set<String> options) {
        return new CertChecker(isUserAuthority, isHostAuthority, isRevoked, clock, caSignatureAlgorithms, options, crypto);
    }

    /** Checks a user certificate for login as {@code user}. */
    public void checkUserCert(String user, SshCertificate cert) {
        requireType(cert, SshCertificate.CertType.USER);
        checkCert(user, cert);
    }

    /** Checks a host certificate presented by {@code host} (the name the client connected to). */
    public void checkHostCert(String host, SshCertificate cert) {
        requireType(cert, SshCertificate.CertType.HOST);
        checkCert(host, cert);
    }

    private static void requireType(SshCertificate cert, SshCertificate.CertType type) {
        if (cert.certType() != type) {
            throw new CertificateException(CertificateException.Reason.WRONG_CERT_TYPE,
                    "expected a " + type + " certificate, got " + cert.certType());
        }
    }

    /**
     * Checks {@code cert} for {@code principal} against the authority for its type; throws
     * {@link CertificateException} naming the first reason it is unacceptable.
     */
    public void checkCert(String principal, SshCertificate cert) {
        Predicate<SshPublicKey> authority = cert.certType() == SshCertificate.CertType.USER ? isUserAuthority : isHostAuthority;
        if (!authority.test(cert.signatureKey())) {
            throw new CertificateException(CertificateException.Reason.WRONG_CA,
                    "certificate signed by unrecognised authority " + cert.signatureKey().fingerprintSha256());
        }
        if (isRevoked.test(cert)) {
            throw new CertificateException(CertificateException.Reason.REVOKED,
                    "certificate serial " + Long.toUnsignedString(cert.serial()) + " is revoked");
        }
        String algName = cert.signatureAlgorithmName();
        SignatureAlgorithm alg = SignatureAlgorithm.byName(algName);
        // The algorithm must be a plain one of the CA key's own type (sshkey_check_sigtype): an
        // Ed25519 CA signs with ssh-ed25519 only, an RSA CA with rsa-sha2-256/512 or ssh-rsa.
        if (alg == null || alg.isCertificate() || !alg.keyType().equals(cert.signatureKey().keyType())) {
            throw new CertificateException(CertificateException.Reason.BAD_SIGNATURE,
                    "CA signature algorithm " + (algName == null ? "(malformed)" : UnsupportedKeyTypeException.printable(algName))
                            + " does not belong to the CA key type " + cert.signatureKey().keyType());
        }
        // CASignatureAlgorithms (sshd auth2-pubkey.c / ssh sshconnect.c check_host_cert).
        if (!caSignatureAlgorithms.contains(alg.name())) {
            throw new CertificateException(CertificateException.Reason.BAD_SIGNATURE,
                    "CA signature algorithm " + alg.name() + " not in CASignatureAlgorithms " + caSignatureAlgorithms);
        }
        if (!cert.verifySignature(crypto)) {
            throw new CertificateException(CertificateException.Reason.BAD_SIGNATURE, "CA signature does not verify");
        }
        for (SshCertificate.CertOption o : cert.criticalOptions()) {
            if (!supportedCriticalOptions.contains(o.name())) {
                throw new CertificateException(CertificateException.Reason.UNSUPPORTED_CRITICAL_OPTION,
                        "unsupported critical option " + UnsupportedKeyTypeException.printable(o.name()));
            }
        }
        // OpenSSH 10.3: a certificate without principals is valid for nobody.
        if (cert.principals().isEmpty()) {
            throw new CertificateException(CertificateException.Reason.PRINCIPAL_ABSENT,
                    "certificate has no principals");
        }
        // Exact, whole-string comparison (strcmp in sshkey_cert_check_authority).
        if (!cert.principals().contains(principal)) {
            throw new CertificateException(CertificateException.Reason.PRINCIPAL_ABSENT,
                    "principal " + UnsupportedKeyTypeException.printable(principal) + " not in " + cert.principals());
        }
        long now = clock.instant().getEpochSecond();
        // valid after/before are uint64 seconds; compare unsigned so 2^64-1 means forever.
        if (Long.compareUnsigned(now, cert.validAfter()) < 0) {
            throw new CertificateException(CertificateException.Reason.NOT_YET_VALID,
                    "certificate valid after " + cert.validAfterInstant());
        }
        if (cert.validBefore() != SshCertificate.FOREVER && Long.compareUnsigned(now, cert.validBefore()) >= 0) {
            throw new CertificateException(CertificateException.Reason.EXPIRED,
                    "certificate expired at " + cert.validBeforeInstant());
        }
    }
}
