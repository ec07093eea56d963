package org.sshwire.auth.internal.agent;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/**
 * One client connection to our agent: takes a request message, gives the reply, as OpenSSH's
 * ssh-agent answers it ({@code process_message}). It holds the connection's session bindings;
 * the keys are the shared {@link AgentKeyring}. Time comes in as arguments. The user's
 * confirmation of a key use is asked through {@link Confirmer}, outside the keyring's lock.
 */
public final class AgentSession {
    private static final System.Logger LOG = System.getLogger(AgentSession.class.getName());

    /** Asks the user whether a key may be used (ssh-agent runs SSH_ASKPASS with SSH_ASKPASS_PROMPT=confirm). */
    @FunctionalInterface
    public interface Confirmer {
        boolean confirm(String prompt);
    }

    /** A reply, and how long to wait before sending it (after a wrong unlock passphrase). */
    public record Reply(Bytes message, long delayMillis) {
    }

    private final AgentKeyring keyring;
    private final Confirmer confirmer;
    private final SessionBindings bindings = new SessionBindings();

    public AgentSession(AgentKeyring keyring, Confirmer confirmer) {
        this.keyring = keyring;
        this.confirmer = confirmer;
    }

    private static Reply ok(boolean success) {
        return new Reply(success ? new AgentMessage.Success(Bytes.EMPTY).encode() : new AgentMessage.Failure().encode(), 0);
    }

    /** Answers one request message (type byte and contents). */
    public Reply handle(Bytes request, long nowNanos, long nowEpochSeconds) {
        keyring.reap(nowNanos);
        AgentMessage m;
        try {
            m = AgentMessage.decodeRequest(request, keyring.crypto());
        } catch (WireFormatException | KeyFormatException | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, () -> "refused malformed agent request: " + e.getMessage());
            return ok(false);
        }
        if (keyring.isLocked() && !(m instanceof AgentMessage.Lock l && !l.lock())) {
            // A locked agent lists nothing and refuses everything but UNLOCK.
            return m instanceof AgentMessage.RequestIdentities
                    ? new Reply(new AgentMessage.IdentitiesAnswer(List.of()).encode(), 0) : ok(false);
        }
        if (m instanceof AgentMessage.RequestIdentities) {
            List<AgentMessage.KeyEntry> keys = new ArrayList<>();
            for (AgentKeyring.Entry e : keyring.entries()) {
                if (bindings.permitted(e.destinations(), null, keyring.crypto(), nowEpochSeconds)) {
                    keys.add(new AgentMessage.KeyEntry(e.blob(), e.comment()));
                }
            }
            return new Reply(new AgentMessage.IdentitiesAnswer(keys).encode(), 0);
        }
        if (m instanceof AgentMessage.SignRequest s) {
            return sign(s, nowEpochSeconds);
        }
        if (m instanceof AgentMessage.AddIdentity a) {
            AgentKeyring.Entry existing = keyring.find(a.key().certificate().map(SshCertificate::blob).orElse(a.key().publicKey().blob()));
            if (existing != null && !bindings.permitted(existing.destinations(), null, keyring.crypto(), nowEpochSeconds)) {
                return ok(false);
            }
            keyring.put(a.key(), a.comment(), a.constraints(), nowNanos);
            return ok(true);
        }
        if (m instanceof AgentMessage.RemoveIdentity r) {
            AgentKeyring.Entry e = keyring.find(r.keyBlob());
            return ok(e != null && bindings.permitted(e.destinations(), null, keyring.crypto(), nowEpochSeconds) && keyring.remove(e));
        }
        if (m instanceof AgentMessage.RemoveAllIdentities) {
            keyring.removeAll();
            return ok(true);
        }
        if (m instanceof AgentMessage.Lock l) {
            if (l.lock()) {
                return ok(keyring.lock(l.passphrase()));
            }
            long delay = keyring.unlock(l.passphrase());
            return delay == 0 ? ok(true) : new Reply(new AgentMessage.Failure().encode(), Math.max(0, delay));
        }
        if (m instanceof AgentMessage.Extension x && x.name().equals("session-bind@openssh.com")) {
            return ok(bindings.bind(x.contents(), keyring.crypto()));
        }
        // Smartcard (PKCS#11) requests, unknown extensions and unknown messages: FAILURE, as ssh-agent.
        return ok(false);
    }

    private Reply sign(AgentMessage.SignRequest s, long now) {
        AgentKeyring.Entry e = keyring.find(s.keyBlob());
        if (e == null) {
            return ok(false);
        }
        String prompt = "Allow use of key " + e.comment() + "?\nKey fingerprint " + e.key().publicKey().fingerprintSha256() + ".";
        if (!e.destinations().isEmpty()) {
            if (bindings.isEmpty()) {
                LOG.log(Level.INFO, "refusing use of destination-constrained key to sign on unbound connection");
                return ok(false);
            }
            UserauthRequest req = UserauthRequest.parse(s.data(), e.blob());
            if (req == null) {
                LOG.log(Level.INFO, "refusing use of destination-constrained key to sign an unidentified signature");
                return ok(false);
            }
            if (!bindings.permitted(e.destinations(), req.user(), keyring.crypto(), now)) {
                return ok(false);
            }
            SessionBindings.Binding last = bindings.last();
            if (!req.sessionId().equals(last.sessionId())
                    || bindings.bindings().size() > 1 && req.hostKey() == null
                    || req.hostKey() != null && !req.hostKey().equals(last.hostKey().blob())) {
                return ok(false);
            }
            prompt += "\npublic key authentication request for user \"" + req.user() + "\" to listed host";
        }
        if (e.confirm() && !confirmer.confirm(prompt)) {
            return ok(false);
        }
        SignatureAlgorithm alg = algorithm(e.key().publicKey(), s.flags());
        try {
            return new Reply(new AgentMessage.SignResponse(e.key().sign(alg, s.data().toArray(), keyring.crypto())).encode(), 0);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, () -> "signing failed: " + ex.getMessage());
            return ok(false);
        }
    }

    /** ssh-agent's agent_decode_alg: RSA by the flags (legacy SHA-1 without them), other keys by their type. */
    static SignatureAlgorithm algorithm(SshPublicKey key, int flags) {
        if (key.keyType().equals("ssh-rsa")) {
            if ((flags & AgentMessage.FLAG_RSA_SHA2_256) != 0) {
                return SignatureAlgorithm.RSA_SHA2_256;
            }
            if ((flags & AgentMessage.FLAG_RSA_SHA2_512) != 0) {
                return SignatureAlgorithm.RSA_SHA2_512;
            }
            return SignatureAlgorithm.SSH_RSA;
        }
        return SignatureAlgorithm.forKeyType(key.keyType()).get(0);
    }

    /**
     * The data of a publickey USERAUTH_REQUEST signature (RFC 4252 §7), as ssh-agent's
     * parse_userauth_request reads it, for the key {@code expectedBlob}: anything else is not
     * recognised (null), so a destination-constrained key signs nothing but logins.
     */
    record UserauthRequest(Bytes sessionId, String user, Bytes hostKey) {
        static UserauthRequest parse(Bytes data, Bytes expectedBlob) {
            try {
                SshReader r = new SshReader(data);
                Bytes sid = r.readString();
                if (sid.isEmpty() || r.readByte() != 50) {
                    return null;
                }
                String user = r.readUtf8();
                String service = r.readUtf8();
                String method = r.readUtf8();
                boolean sigFollows = r.readByte() == 1;
                SignatureAlgorithm alg = SignatureAlgorithm.byName(r.readUtf8());
                Bytes key = r.readString();
                if (!sigFollows || !service.equals("ssh-connection") || !key.equals(expectedBlob) || alg == null
                        || !alg.keyType().equals(SshPublicKey.parse(expectedBlob).keyType())) {
                    return null;
                }
                Bytes hostKey = null;
                if (method.equals("publickey-hostbound-v00@openssh.com")) {
                    hostKey = r.readString();
                } else if (!method.equals("publickey")) {
                    return null;
                }
                r.expectEnd();
                return new UserauthRequest(sid, user, hostKey);
            } catch (WireFormatException | KeyFormatException e) {
                return null;
            }
        }
    }
}
