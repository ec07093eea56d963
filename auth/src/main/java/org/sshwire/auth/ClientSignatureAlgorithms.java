package org.sshwire.auth;

import java.util.List;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Picks the signature algorithm for a user key. For RSA keys the choice follows the server's
 * {@code server-sig-algs} (RFC 8308 §3.1, RFC 8332 §3.3): rsa-sha2-512, then rsa-sha2-256, and
 * legacy ssh-rsa only by opt-in. Certificates use the matching {@code -cert-v01} algorithm and
 * are matched by their plain name, as OpenSSH does.
 */
final class ClientSignatureAlgorithms {
    private ClientSignatureAlgorithms() {
    }

    /** The algorithm to sign with, or null when none is acceptable. */
    static SignatureAlgorithm choose(SshPublicKey key, List<String> serverSigAlgs, boolean allowLegacy) {
        return choose(key, serverSigAlgs, allowLegacy, null);
    }

    /**
     * As above, limited to {@code accepted} (OpenSSH's PubkeyAcceptedAlgorithms) when not null;
     * a legacy algorithm named there is enabled by that naming, as in OpenSSH.
     */
    static SignatureAlgorithm choose(SshPublicKey key, List<String> serverSigAlgs, boolean allowLegacy,
                                     java.util.Collection<String> accepted) {
        String keyType = key.keyType();
        List<SignatureAlgorithm> candidates = SignatureAlgorithm.ALL.stream()
                .filter(a -> a.keyType().equals(keyType))
                .filter(a -> accepted != null ? accepted.contains(a.name()) : allowLegacy || !a.legacy())
                .toList();
        if (candidates.isEmpty()) {
            return null;
        }
        boolean rsa = candidates.get(0).plain().keyType().equals("ssh-rsa");
        if (!rsa || serverSigAlgs == null) {
            return candidates.get(0); // RFC 8332 §3.3: without the extension, try the best and see
        }
        for (SignatureAlgorithm a : candidates) {
            if (serverSigAlgs.contains(a.plain().name())) {
                return a;
            }
        }
        return null;
    }
}
