package org.sshwire.transport.keys;

/**
 * A certificate that is well formed but not acceptable here, with the {@link Reason}.
 *
 * <pre>{@code
 * try {
 *     checker.checkUserCert("alice", cert);
 * } catch (CertificateException e) {
 *     if (e.reason() == CertificateException.Reason.EXPIRED) { ... }
 * }
 * }</pre>
 */
public final class CertificateException extends KeyFormatException {
    private static final long serialVersionUID = 1L;

    /** Why a certificate was refused. */
    public enum Reason {
        EXPIRED, NOT_YET_VALID, PRINCIPAL_ABSENT, WRONG_CA, REVOKED, BAD_SIGNATURE, WRONG_CERT_TYPE,
        UNSUPPORTED_CRITICAL_OPTION
    }

    private final Reason reason;

    public CertificateException(Reason reason, String message) {
        super(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
