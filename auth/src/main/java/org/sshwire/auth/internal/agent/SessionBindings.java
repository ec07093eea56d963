package org.sshwire.auth.internal.agent;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.auth.internal.Wildcards;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The {@code session-bind@openssh.com} bindings of one agent connection (OpenSSH PROTOCOL.agent
 * §1) and the destination-constraint checks made against them, as ssh-agent 8.9+ makes them
 * ({@code identity_permitted}, {@code permitted_by_dest_constraints}, {@code match_key_hop}).
 * Each forwarding hop adds a binding; the last one is the host the key would be used at.
 */
final class SessionBindings {
    /** ssh-agent's AGENT_MAX_SESSION_IDS and AGENT_MAX_SID_LEN. */
    static final int MAX_BINDINGS = 16;
    static final int MAX_SID = 128;

    record Binding(SshPublicKey hostKey, Bytes sessionId, boolean forwarded) {
    }

    private final List<Binding> bindings = new ArrayList<>();
    private boolean attempted;

    List<Binding> bindings() {
        return bindings;
    }

    boolean isEmpty() {
        return bindings.isEmpty();
    }

    Binding last() {
        return bindings.get(bindings.size() - 1);
    }

    /** Processes the extension's contents; false refuses it (and leaves the connection marked as having tried). */
    boolean bind(Bytes contents, CryptoBackend crypto) {
        attempted = true;
        SshPublicKey key;
        Bytes sid;
        Bytes sig;
        boolean fwd;
        try {
            SshReader r = new SshReader(contents);
            key = SshPublicKey.parse(r.readString());
            sid = r.readString();
            sig = r.readString();
            fwd = r.readBoolean();
        } catch (WireFormatException | KeyFormatException e) {
            return false;
        }
        if (sid.length() > MAX_SID || !verify(key, sid, sig, crypto)) {
            return false;
        }
        for (Binding b : bindings) {
            if (!b.forwarded()) {
                return false; // a connection bound for authentication is never rebound
            }
            if (b.sessionId().equals(sid)) {
                return b.hostKey().equals(key); // the same binding again is fine; another key for it is not
            }
        }
        if (bindings.size() >= MAX_BINDINGS) {
            return false;
        }
        bindings.add(new Binding(key, sid, fwd));
        return true;
    }

    /** The host key's signature of the session id, with whichever algorithm the blob names for that key type. */
    private static boolean verify(SshPublicKey key, Bytes sid, Bytes sig, CryptoBackend crypto) {
        SshPublicKey plain = key instanceof SshCertificate c ? c.key() : key;
        try {
            SignatureAlgorithm alg = SignatureAlgorithm.byName(new SshReader(sig).readUtf8());
            if (alg == null || alg.isCertificate() || !alg.keyType().equals(plain.keyType())) {
                return false;
            }
            return plain.verify(alg, sig, sid.toArray(), crypto);
        } catch (WireFormatException e) {
            return false;
        }
    }

    /**
     * ssh-agent's identity_permitted: whether a key with these destination constraints may be
     * used over this connection, for {@code user} (null when listing or not signing).
     */
    boolean permitted(List<AgentConstraint.Destination> dests, String user, CryptoBackend crypto, long nowEpochSeconds) {
        if (dests.isEmpty()) {
            return true;
        }
        if (attempted && bindings.isEmpty()) {
            return false; // a failed bind must not fall back to local, unrestricted use
        }
        if (bindings.isEmpty()) {
            return true; // used locally, on the agent's own host
        }
        SshPublicKey from = null;
        for (int i = 0; i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            String testUser = null;
            if (i == bindings.size() - 1) {
                testUser = user;
                if (b.forwarded() && user != null) {
                    return false; // signing on a hop bound for forwarding
                }
            } else if (!b.forwarded()) {
                return false; // forwarding through a hop bound for authentication
            }
            if (!permittedHop(dests, from, b.hostKey(), testUser, crypto, nowEpochSeconds)) {
                return false;
            }
            from = b.hostKey();
        }
        Binding last = last();
        return !(last.forwarded() && user == null && !permittedHop(dests, last.hostKey(), null, null, crypto, nowEpochSeconds));
    }

    private static boolean permittedHop(List<AgentConstraint.Destination> dests, SshPublicKey from, SshPublicKey to, String user,
                                        CryptoBackend crypto, long now) {
        for (AgentConstraint.Destination d : dests) {
            if (from == null) {
                if (!d.from().hostname().isEmpty() || !d.from().keys().isEmpty()) {
                    continue;
                }
            } else if (!matchKeyHop(from, d.from(), crypto, now)) {
                continue;
            }
            if (to != null && !matchKeyHop(to, d.to(), crypto, now)) {
                continue;
            }
            if (!d.to().user().isEmpty() && user != null && !Wildcards.match(user, d.to().user())) {
                continue;
            }
            return true;
        }
        return false;
    }

    /** A plain key matches a listed non-CA key; a host certificate matches a listed CA that signed it for the hop's name. */
    private static boolean matchKeyHop(SshPublicKey key, AgentConstraint.Hop hop, CryptoBackend crypto, long now) {
        for (AgentConstraint.HostKeySpec spec : hop.keys()) {
            if (!(key instanceof SshCertificate cert)) {
                if (!spec.ca() && spec.keyBlob().equals(key.blob())) {
                    return true;
                }
                continue;
            }
            if (!spec.ca() || !cert.signatureKey().blob().equals(spec.keyBlob())) {
                continue;
            }
            boolean valid = cert.certType() == SshCertificate.CertType.HOST && cert.principals().contains(hop.hostname())
                    && Long.compareUnsigned(now, cert.validAfter()) >= 0 && Long.compareUnsigned(now, cert.validBefore()) < 0
                    && cert.verifySignature(crypto);
            if (valid) {
                return true;
            }
        }
        return false;
    }
}
