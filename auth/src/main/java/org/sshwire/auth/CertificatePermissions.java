package org.sshwire.auth;

import java.net.InetAddress;
import java.util.Optional;
import org.sshwire.auth.files.KeyRestrictions;
import org.sshwire.transport.keys.SshCertificate;

/** Permissions from an authorized_keys line's options and from a certificate's options. */
final class CertificatePermissions {
    private CertificatePermissions() {
    }

    /** What an authorized_keys line allows (sshd(8) AUTHORIZED_KEYS FILE FORMAT). */
    static Permissions of(KeyRestrictions r) {
        Permissions p = Permissions.NONE;
        if (r.command() != null) {
            p = p.withCriticalOption(Permissions.FORCE_COMMAND, r.command());
        }
        if (!r.permitOpen().isEmpty()) {
            p = p.withCriticalOption(Permissions.PERMIT_OPEN, String.join(",", r.permitOpen()));
        }
        if (!r.permitListen().isEmpty()) {
            p = p.withCriticalOption(Permissions.PERMIT_LISTEN, String.join(",", r.permitListen()));
        }
        if (r.pty()) {
            p = p.withExtension(Permissions.PERMIT_PTY, "");
        }
        if (r.noTouchRequired()) {
            p = p.withExtension(Permissions.NO_TOUCH_REQUIRED, "");
        }
        if (r.verifyRequired()) {
            p = p.withCriticalOption(Permissions.VERIFY_REQUIRED, "");
        }
        if (r.portForwarding()) {
            p = p.withExtension(Permissions.PERMIT_PORT_FORWARDING, "");
        }
        if (r.agentForwarding()) {
            p = p.withExtension(Permissions.PERMIT_AGENT_FORWARDING, "");
        }
        if (r.x11Forwarding()) {
            p = p.withExtension(Permissions.PERMIT_X11_FORWARDING, "");
        }
        if (r.userRc()) {
            p = p.withExtension(Permissions.PERMIT_USER_RC, "");
        }
        return p;
    }

    /**
     * A certificate's critical options and extensions (PROTOCOL.certkeys), or empty when its
     * {@code source-address} excludes the client.
     */
    static Optional<Permissions> of(SshCertificate cert, InetAddress client) {
        Permissions p = Permissions.NONE;
        for (SshCertificate.CertOption o : cert.criticalOptions()) {
            String v = o.value();
            if (o.name().equals(Permissions.SOURCE_ADDRESS) && !AddressPatterns.sourceAddressAllows(v, client)) {
                return Optional.empty();
            }
            p = p.withCriticalOption(o.name(), v);
        }
        for (SshCertificate.CertOption o : cert.extensions()) {
            p = p.withExtension(o.name(), o.data().isEmpty() ? "" : o.value());
        }
        return Optional.of(p);
    }
}
