package org.sshwire.transport.keys;

import java.time.Clock;
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
 * <p>As in Go, a certificate with an empty principal list is valid for every principal; sshd's
 * stricter rule (user certificates must name the user) is the auth layer's choice. Critical
 * options other than those in {@link #supportedCriticalOptions()} make the certificate
 * unacceptable (PROTOCOL.certkeys: unrecognised critical options must be refused).
 */
public record CertChecker(Predicate<SshPublicKey> isUserAuthority, Predicate<SshPublicKey> isHostAuthority,
                          Predicate<SshCertificate> isRevoked, Clock clock, boolean allowLegacySignatures,
                          Set<String> supportedCriticalOptions, CryptoBackend crypto) {

    /** The critical options sshwire's auth layer enforces. */
    public static final Set<String> DEFAULT_CRITICAL_OPTIONS = Set.of("force-command", "source-address", "verify-required");

    public CertChecker {
        Objects.requireNonNull(isUserAuthority);
        Objects.requireNonNull(isHostAuthority);
        Objects.requireNonNull(isRevoked);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(crypto);
        supportedCriticalOptions = Set.copyOf(supportedCriticalOptions);
    }

    /** A checker trusting nothing, with the system clock; add authorities with the {@code with*} methods. */
    public static CertChecker create(CryptoBackend crypto) {
        return new CertChecker(k -> false, k -> false, c -> false, Clock.systemUTC(), false,
                DEFAULT_CRITICAL_OPTIONS, crypto);
    }

    public static CertChecker userAuthority(Predicate<SshPublicKey> isUserAuthority, CryptoBackend crypto) {
        return create(crypto).withUserAuthority(isUserAuthority);
    }

    public static CertChecker hostAuthority(Predicate<SshPublicKey> isHostAuthority, CryptoBackend crypto) {
        return create(crypto).withHostAuthority(isHostAuthority);
    }

    public CertChecker withUserAuthority(Predicate<SshPublicKey> p) {
        return new CertChecker(p, isHostAuthority, isRevoked, clock, allowLegacySignatures, supportedCriticalOptions, crypto);
    }

    public CertChecker withHostAuthority(Predicate<SshPublicKey> p) {
        return new CertChecker(isUserAuthority, p, isRevoked, clock, allowLegacySignatures, supportedCriticalOptions, crypto);
    }

    public CertChecker withRevoked(Predicate<SshCertificate> p) {
        return new CertChecker(isUserAuthority, isHostAuthority, p, clock, allowLegacySignatures, supportedCriticalOptions, crypto);
    }

    public CertChecker withClock(Clock c) {
        return new CertChecker(isUserAuthority, isHostAuthority, isRevoked, c, allowLegacySignatures, supportedCriticalOptions, crypto);
    }

    /** Accept CA signatures made with legacy {@code ssh-rsa} (SHA-1); off by default as in OpenSSH 8.8+. */
    public CertChecker withLegacySignatures(boolean allow) {
        return new CertChecker(isUserAuthority, isHostAuthority, isRevoked, clock, allow, supportedCriticalOptions, crypto);
    }

    public CertChecker withSupportedCriticalOptions(Set<String> options) {
        return new CertChecker(isUserAuthority, isHostAuthority, isRevoked, clock, allowLegacySignatures, options, crypto);
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
        SignatureAlgorithm alg = SignatureAlgorithm.byName(cert.signatureAlgorithmName());
        if (alg == null || (alg.legacy() && !allowLegacySignatures) || !cert.verifySignature(crypto)) {
            throw new CertificateException(CertificateException.Reason.BAD_SIGNATURE,
                    "CA signature does not verify" + (alg != null && alg.legacy() ? " (or uses legacy " + alg + ")" : ""));
        }
        for (SshCertificate.CertOption o : cert.criticalOptions()) {
            if (!supportedCriticalOptions.contains(o.name())) {
                throw new CertificateException(CertificateException.Reason.UNSUPPORTED_CRITICAL_OPTION,
                        "unsupported critical option " + UnsupportedKeyTypeException.printable(o.name()));
            }
        }
        if (!cert.principals().isEmpty() && !cert.principals().contains(principal)) {
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
