package org.sshwire.cli;

import java.util.List;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.SshCertificate;

/** ssh-keygen's {@code -O} certificate options (ssh-keygen(1) "CERTIFICATES"). */
final class CertOptions {
    private static final List<String> USER_EXTENSIONS = List.of("permit-X11-forwarding", "permit-agent-forwarding",
            "permit-port-forwarding", "permit-pty", "permit-user-rc");

    private CertOptions() {
    }

    static void apply(CertificateBuilder b, List<String> options, SshCertificate.CertType type) {
        if (type == SshCertificate.CertType.HOST) {
            if (!options.isEmpty()) {
                throw UserErrors.fail("certificate options apply to user certificates only");
            }
            return;
        }
        java.util.Set<String> extensions = new java.util.LinkedHashSet<>(USER_EXTENSIONS);
        for (String o : options) {
            int eq = o.indexOf('=');
            String name = eq < 0 ? o : o.substring(0, eq);
            String value = eq < 0 ? null : o.substring(eq + 1);
            switch (name) {
                case "clear" -> extensions.clear();
                case "force-command", "source-address" -> {
                    if (value == null) {
                        throw UserErrors.fail("option " + name + " needs a value");
                    }
                    b.criticalOption(name, value);
                }
                case "no-x11-forwarding" -> extensions.remove("permit-X11-forwarding");
                case "no-agent-forwarding" -> extensions.remove("permit-agent-forwarding");
                case "no-port-forwarding" -> extensions.remove("permit-port-forwarding");
                case "no-pty" -> extensions.remove("permit-pty");
                case "no-user-rc" -> extensions.remove("permit-user-rc");
                case "permit-x11-forwarding" -> extensions.add("permit-X11-forwarding");
                case "permit-agent-forwarding", "permit-port-forwarding", "permit-pty", "permit-user-rc" -> extensions.add(name);
                default -> throw UserErrors.fail("unsupported certificate option " + name);
            }
        }
        extensions.forEach(b::extension);
    }
}
