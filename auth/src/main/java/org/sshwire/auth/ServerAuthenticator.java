package org.sshwire.auth;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SecurityKeyPublicKey;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.auth.internal.AuthMessages;
import org.sshwire.auth.AuthTransport;

/**
 * The server side of the {@code ssh-userauth} service (RFC 4252, RFC 4256) as a sans-IO state
 * machine: feed it the transport's payloads (numbers 50 and up, until {@link #isAuthenticated()}),
 * drain {@link #pollEvent()}, answer each {@link ServerAuthEvent.Question} with {@link #decide}
 * (from any thread, under the connection's lock, after the application decided off it).
 *
 * <p>Safe by construction: only USERAUTH_REQUEST and, inside keyboard-interactive,
 * INFO_RESPONSE are accepted from a client; server-only messages (51, 52, 53, 60) and anything
 * of the connection protocol (80–127) before success end the connection with PROTOCOL_ERROR;
 * other unassigned numbers get UNIMPLEMENTED. A public key logs in only after its signature
 * verified; a query is never a login. MaxAuthTries, a cap on requests and the grace timer end
 * the connection with a DISCONNECT.
 *
 * <pre>{@code
 * ServerAuthenticator auth = new ServerAuthenticator(ServerAuthConfig.builder().build(),
 *         AuthTransport.of(engine), engine.connectionInfo().sessionId());
 * auth.receive(payloadReceived);
 * for (ServerAuthEvent e; (e = auth.pollEvent()) != null; ) {
 *     if (e instanceof ServerAuthEvent.PasswordCheck q) auth.decide(q.id(), table.check(q));
 * }
 * }</pre>
 */
public final class ServerAuthenticator {
    private static final System.Logger LOG = System.getLogger(ServerAuthenticator.class.getName());

    /** sshd's words (auth.c auth_maxtries_exceeded), which clients show to their users. */
    public static final String TOO_MANY_FAILURES = "Too many authentication failures";

    private enum State { OPEN, DECIDING, INFO, DONE, CLOSED }

    /** {@code assertion}: what a security key asserted in the verified signature, else null. */
    private record Pending(ServerAuthEvent.Question question, String method, SshPublicKey key,
                           SecurityKeyPublicKey.Assertion assertion) {
    }

    private final ServerAuthConfig cfg;
    private final AuthTransport out;
    private final Bytes sessionId;
    /** K_S of the first key exchange, for publickey-hostbound (null: that method always fails). */
    private final Bytes hostKey;
    private final ArrayDeque<ServerAuthEvent> events = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private final ArrayDeque<TransportEvent.PayloadReceived> held = new ArrayDeque<>(4); // grows on demand; idle connections keep it

    private State state = State.OPEN;
    private long nextId = 1;
    private Pending pending;
    private int infoExpected;
    private String user;
    private String service;
    private MethodChains chains;
    private Permissions permissions;
    private SshPublicKey signedKey;
    private ServerAuthEvent.Authenticated result;
    private int failures;
    private int requests;
    /** USERAUTH_REQUESTs so far (sshd's authctxt->attempt): only the very first may be a free "none". */
    private int attempts;
    private boolean bannerSent;
    private boolean graceArmed;
    private long graceDeadline;

    /** The host key for publickey-hostbound is {@link AuthTransport#hostKey()} (the engine's K_S with {@link AuthTransport#of}). */
    public ServerAuthenticator(ServerAuthConfig config, AuthTransport out, Bytes sessionId) {
        this(config, out, sessionId, out.hostKey());
    }

    /**
     * With the host key blob the server sent in the first key exchange (K_S), which
     * {@code publickey-hostbound-v00@openssh.com} requests must name (OpenSSH PROTOCOL §2.5).
     */
    public ServerAuthenticator(ServerAuthConfig config, AuthTransport out, Bytes sessionId, Bytes hostKey) {
        this.cfg = Objects.requireNonNull(config);
        this.out = Objects.requireNonNull(out);
        this.sessionId = Objects.requireNonNull(sessionId);
        this.hostKey = hostKey;
    }

    /** Feeds one payload from the transport. */
    public void receive(TransportEvent.PayloadReceived p) {
        receive(p.payload(), p.sequence());
    }

    /**
     * Feeds one payload (number 50 or more) with its packet sequence number (for UNIMPLEMENTED).
     *
     * @throws IllegalStateException for a connection-protocol message after success: the caller
     *                               routes those to the connection layer
     */
    public void receive(Payload p, int sequence) {
        switch (state) {
            case CLOSED -> {
                return;
            }
            case DONE -> {
                afterSuccess(p, sequence);
                return;
            }
            case DECIDING -> {
                // The client may pipeline (RFC 4252 §5): hold requests, in order, bounded.
                if (held.size() >= cfg.maxQueued) {
                    fail(DisconnectReason.PROTOCOL_ERROR, "too many messages while a decision is pending");
                } else {
                    held.add(new TransportEvent.PayloadReceived(p, sequence));
                }
                return;
            }
            default -> dispatch(p, sequence);
        }
    }

    public ServerAuthEvent pollEvent() {
        return events.poll();
    }

    public boolean isAuthenticated() {
        return state == State.DONE;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The successful result, or null before success. */
    public ServerAuthEvent.Authenticated result() {
        return result;
    }

    /** Failed attempts so far (towards MaxAuthTries). */
    public int failures() {
        return failures;
    }

    /**
     * {@link Long#MIN_VALUE}: call {@link #onDeadline} now to start the grace timer; MAX_VALUE: none
     * (also when the grace time is zero, sshd's "no limit").
     */
    public long nextDeadlineNanos() {
        if (state == State.DONE || state == State.CLOSED || cfg.graceNanos <= 0) {
            return Long.MAX_VALUE;
        }
        return graceArmed ? graceDeadline : Long.MIN_VALUE;
    }

    /** Time passes: the first call starts the grace timer, a later one at or past it closes the connection. */
    public void onDeadline(long nowNanos) {
        if (state == State.DONE || state == State.CLOSED || cfg.graceNanos <= 0) {
            return;
        }
        if (!graceArmed) {
            graceArmed = true;
            graceDeadline = nowNanos + cfg.graceNanos;
        } else if (nowNanos - graceDeadline >= 0) {
            fail(DisconnectReason.BY_APPLICATION, "authentication grace time exceeded");
        }
    }

    /**
     * Answers question {@code id}. Ignored once the connection closed.
     *
     * @throws IllegalStateException    when no such question is pending
     * @throws IllegalArgumentException when the decision does not fit the question
     */
    public void decide(long id, Decision decision) {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.DECIDING || pending.question().id() != id) {
            throw new IllegalStateException("no question " + id + " is pending");
        }
        Pending p = pending;
        ServerAuthEvent.Question q = p.question();
        boolean fits = decision instanceof Decision.Accept || decision instanceof Decision.Reject
                || decision instanceof Decision.PartialSuccess
                || decision instanceof Decision.ChangePassword && q instanceof ServerAuthEvent.PasswordCheck
                || decision instanceof Decision.Challenge && (q instanceof ServerAuthEvent.KeyboardInteractiveStart
                        || q instanceof ServerAuthEvent.KeyboardInteractiveResponses);
        if (!fits) {
            throw new IllegalArgumentException(decision + " does not answer " + q);
        }
        pending = null;
        state = State.OPEN;
        if (decision instanceof Decision.Reject r) {
            failure(p.method(), r.why(), true);
        } else if (decision instanceof Decision.ChangePassword c) {
            out.send(new AuthMessage.PasswdChangeReq(c.prompt(), "").toPayload());
        } else if (decision instanceof Decision.Challenge c) {
            infoExpected = c.prompts().size();
            state = State.INFO;
            out.send(new AuthMessage.InfoRequest(c.name(), c.instruction(), "", c.prompts()).toPayload());
        } else if (q instanceof ServerAuthEvent.PublicKeyQuery pq) {
            // RFC 4252 §7: PK_OK only says the key would do; it is not a login.
            out.send(new AuthMessage.PkOk(pq.algorithm(), pq.key().blob()).toPayload());
        } else if (p.assertion() != null && securityKeyRefused(p.assertion(), granted(decision)) != null) {
            failure(p.method(), securityKeyRefused(p.assertion(), granted(decision)), true);
        } else if (decision instanceof Decision.PartialSuccess ps) {
            partiallySucceeded(p.method(), ps, p.key());
        } else {
            succeeded(p.method(), ((Decision.Accept) decision).permissions(), p.key());
        }
        while (!held.isEmpty() && (state == State.OPEN || state == State.INFO)) {
            TransportEvent.PayloadReceived h = held.poll();
            dispatch(h.payload(), h.sequence());
        }
    }

    // ---------------------------------------------------------------- inbound

    private void dispatch(Payload p, int seq) {
        int id = p.msgId();
        try {
            if (id == MessageNumbers.SSH_MSG_USERAUTH_REQUEST) {
                onRequest((AuthMessage.Request) AuthMessages.decode(p, AuthMessages.Context.NONE));
            } else if (id == MessageNumbers.SSH_MSG_USERAUTH_INFO_RESPONSE && state == State.INFO) {
                onInfoResponse((AuthMessage.InfoResponse) AuthMessages.decode(p, AuthMessages.Context.KEYBOARD_INTERACTIVE));
            } else if (id >= 51 && id <= 61) {
                // 51, 52, 53 and 60 only ever go server to client (CVE-2018-10933); 61 only answers our INFO_REQUEST.
                fail(DisconnectReason.PROTOCOL_ERROR, MessageNumbers.name(id) + " is not valid from a client here");
            } else if (id >= 80 && id <= 127) {
                // RFC 4252 §6 / DESIGN §6: nothing of the connection protocol before success (CVE-2025-32433).
                fail(DisconnectReason.PROTOCOL_ERROR, MessageNumbers.name(id) + " before authentication");
            } else if (id < 50) {
                throw new IllegalArgumentException("transport message " + id + " given to the auth layer");
            } else {
                unimplemented(seq);
            }
        } catch (WireFormatException e) {
            fail(DisconnectReason.PROTOCOL_ERROR, "malformed " + MessageNumbers.name(id) + ": " + e.getMessage());
        }
    }

    private void afterSuccess(Payload p, int seq) {
        int id = p.msgId();
        if (id == MessageNumbers.SSH_MSG_USERAUTH_REQUEST) {
            return; // RFC 4252 §5.1: requests after success are ignored
        }
        if (id >= 80 && id <= 127) {
            throw new IllegalStateException(MessageNumbers.name(id) + " belongs to the connection layer");
        }
        unimplemented(seq);
    }

    private void onRequest(AuthMessage.Request req) {
        attempts++;
        if (++requests > cfg.maxRequests) {
            fail(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, "too many authentication requests");
            return;
        }
        if (!bannerSent && cfg.banner != null) {
            out.send(new AuthMessage.Banner(cfg.banner, "").toPayload());
        }
        bannerSent = true;
        if (!cfg.services.contains(req.service())) {
            fail(DisconnectReason.SERVICE_NOT_AVAILABLE, "service not available: " + req.service());
            return;
        }
        if (!req.user().equals(user) || !req.service().equals(service)) {
            // RFC 4252 §5: a change of user or service resets all method state (not the failure count).
            user = req.user();
            service = req.service();
            chains = new MethodChains(cfg.chainsFor(user));
            permissions = null;
            signedKey = null;
        }
        state = State.OPEN; // a new request abandons a keyboard-interactive exchange (RFC 4256 §3.4)
        AuthMethod m = req.method();
        // sshd: publickey-hostbound is a synonym of publickey for AuthenticationMethods and replies.
        String method = m instanceof AuthMethod.HostBoundPublicKey ? AuthMethod.PUBLICKEY : m.name();
        if (!chains.canContinue().contains(method) || m instanceof AuthMethod.Unknown) {
            // auth2.c userauth_finish: only the first request may try "none" without a failure counted.
            failure(method, "method not allowed now", !(m instanceof AuthMethod.None) || attempts > 1);
            return;
        }
        if (m instanceof AuthMethod.None) {
            succeeded(AuthMethod.NONE, Permissions.DEFAULT, null);
        } else if (m instanceof AuthMethod.Password pw) {
            ask(new ServerAuthEvent.PasswordCheck(nextId++, user, pw.password(), pw.newPassword()), m.name(), null);
        } else if (m instanceof AuthMethod.PublicKey pk) {
            onPublicKey(pk.algorithm(), pk.keyBlob(), pk.signature(), null);
        } else if (m instanceof AuthMethod.HostBoundPublicKey hb) {
            if (hostKey == null || !hostKey.equals(hb.hostKey())) {
                // auth2-pubkey.c: the named host key must be the one this connection's first kex used.
                failure(AuthMethod.PUBLICKEY, "publickey-hostbound names a different host key", true);
            } else {
                onPublicKey(hb.algorithm(), hb.keyBlob(), hb.signature(), hb.hostKey());
            }
        } else if (m instanceof AuthMethod.KeyboardInteractive ki) {
            ask(new ServerAuthEvent.KeyboardInteractiveStart(nextId++, user, ki.submethods()), m.name(), null);
        } else if (m instanceof AuthMethod.HostBased hb) {
            onHostBased(hb);
        }
    }

    /** publickey, or publickey-hostbound when {@code boundHostKey} is not null. */
    private void onPublicKey(String algorithm, Bytes keyBlob, Bytes signature, Bytes boundHostKey) {
        SshPublicKey key = parseKey(keyBlob);
        SignatureAlgorithm alg = usableAlgorithm(algorithm, key);
        if (key == null || alg == null) {
            failure(AuthMethod.PUBLICKEY, "unusable key or algorithm " + algorithm, true);
        } else if (signature == null) {
            ask(new ServerAuthEvent.PublicKeyQuery(nextId++, user, key, algorithm), AuthMethod.PUBLICKEY, null);
        } else {
            byte[] data = boundHostKey == null ? SignedData.publicKey(sessionId, user, service, algorithm, keyBlob)
                    : SignedData.publicKeyHostBound(sessionId, user, service, algorithm, keyBlob, boundHostKey);
            SshPublicKey signer = key instanceof SshCertificate c ? c.key() : key;
            SecurityKeyPublicKey.Assertion assertion = null;
            boolean ok;
            if (signer instanceof SecurityKeyPublicKey sk) {
                assertion = sk.verifyAssertion(alg.plain(), signature, data, cfg.crypto);
                ok = assertion != null && key.verify(alg, signature, data, cfg.crypto);
            } else {
                ok = key.verify(alg, signature, data, cfg.crypto);
            }
            if (!ok) {
                failure(AuthMethod.PUBLICKEY, "signature did not verify", true);
            } else {
                ask(new ServerAuthEvent.PublicKeyVerified(nextId++, user, key, algorithm), AuthMethod.PUBLICKEY, key, assertion);
            }
        }
    }

    private static Permissions granted(Decision d) {
        return d instanceof Decision.PartialSuccess ps ? ps.permissions() : ((Decision.Accept) d).permissions();
    }

    /**
     * auth2-pubkey.c after a security-key signature verified: user presence is required unless
     * the key's permissions say no-touch-required (and PubkeyAuthOptions does not insist), user
     * verification when verify-required is in either. The reason it fails, or null.
     */
    private String securityKeyRefused(SecurityKeyPublicKey.Assertion a, Permissions perms) {
        boolean presence = cfg.touchRequired || !perms.hasExtension(Permissions.NO_TOUCH_REQUIRED);
        if (presence && !a.userPresent()) {
            return "user presence (authenticator touch) requirement not met";
        }
        boolean verification = cfg.verifyRequired || perms.criticalOptions().containsKey(Permissions.VERIFY_REQUIRED);
        if (verification && !a.userVerified()) {
            return "user verification requirement not met";
        }
        return null;
    }

    private void onHostBased(AuthMethod.HostBased hb) {
        SshPublicKey key = parseKey(hb.keyBlob());
        SignatureAlgorithm alg = usableAlgorithm(hb.algorithm(), key);
        if (key == null || alg == null || !key.verify(alg, hb.signature(), SignedData.hostBased(sessionId, user, service,
                hb.algorithm(), hb.keyBlob(), hb.clientHost(), hb.clientUser()), cfg.crypto)) {
            failure(AuthMethod.HOSTBASED, "unusable key or bad signature", true);
        } else {
            ask(new ServerAuthEvent.HostBasedVerified(nextId++, user, key, hb.clientHost(), hb.clientUser()),
                    AuthMethod.HOSTBASED, null);
        }
    }

    private static SshPublicKey parseKey(Bytes blob) {
        try {
            return SshPublicKey.parse(blob);
        } catch (KeyFormatException | WireFormatException e) {
            return null;
        }
    }

    private SignatureAlgorithm usableAlgorithm(String name, SshPublicKey key) {
        SignatureAlgorithm alg = SignatureAlgorithm.byName(name);
        // A legacy algorithm (ssh-rsa with SHA-1) is accepted when enabled, either by the flag or
        // by naming it in PubkeyAcceptedAlgorithms (sshd's "+ssh-rsa"), never by default.
        boolean named = cfg.publicKeyAlgorithms != null && cfg.publicKeyAlgorithms.contains(name);
        if (key == null || alg == null || !alg.keyType().equals(key.keyType()) || alg.legacy() && !cfg.allowLegacyRsa && !named
                || cfg.publicKeyAlgorithms != null && !named) {
            return null;
        }
        if (key instanceof SshCertificate cert) {
            // sshd: "certificate signature algorithm ... not permitted" by CASignatureAlgorithms,
            // checked before any key lookup (auth2-pubkey.c, auth2-hostbased.c); and since
            // OpenSSH 10.3 a certificate without principals authenticates nobody.
            String caAlg = cert.signatureAlgorithmName();
            if (caAlg == null || !cfg.caSignatureAlgorithms.contains(caAlg) || cert.principals().isEmpty()) {
                return null;
            }
        }
        return alg;
    }

    private void onInfoResponse(AuthMessage.InfoResponse r) {
        if (++requests > cfg.maxRequests) {
            fail(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, "too many authentication requests");
        } else if (r.responses().size() != infoExpected) {
            // RFC 4256 §3.4: exactly one response per prompt.
            fail(DisconnectReason.PROTOCOL_ERROR, r.responses().size() + " responses to " + infoExpected + " prompts");
        } else {
            state = State.OPEN;
            ask(new ServerAuthEvent.KeyboardInteractiveResponses(nextId++, user, r.responses()),
                    AuthMethod.KEYBOARD_INTERACTIVE, null);
        }
    }

    // ---------------------------------------------------------------- outcomes

    private void ask(ServerAuthEvent.Question q, String method, SshPublicKey key) {
        ask(q, method, key, null);
    }

    private void ask(ServerAuthEvent.Question q, String method, SshPublicKey key, SecurityKeyPublicKey.Assertion assertion) {
        pending = new Pending(q, method, key, assertion);
        state = State.DECIDING;
        events.add(q);
    }

    private void succeeded(String method, Permissions perms, SshPublicKey key) {
        permissions = permissions == null ? perms : permissions.merge(perms);
        if (key != null) {
            signedKey = key;
        }
        if (chains.succeeded(method)) {
            state = State.DONE;
            held.clear();
            out.send(new AuthMessage.Success().toPayload());
            result = new ServerAuthEvent.Authenticated(user, service, chains.done(), permissions, signedKey);
            events.add(result);
        } else {
            // RFC 4252 §5.1: partial success — this method worked, more are required.
            out.send(new AuthMessage.Failure(chains.canContinue(), true).toPayload());
            events.add(new ServerAuthEvent.PartialSuccess(user, method, chains.canContinue()));
        }
    }

    /** The application's own partial success: this step counts, and only {@code next} may follow it. */
    private void partiallySucceeded(String method, Decision.PartialSuccess ps, SshPublicKey key) {
        permissions = permissions == null ? ps.permissions() : permissions.merge(ps.permissions());
        if (key != null) {
            signedKey = key;
        }
        chains.continueWith(method, ps.next());
        out.send(new AuthMessage.Failure(chains.canContinue(), true).toPayload());
        events.add(new ServerAuthEvent.PartialSuccess(user, method, chains.canContinue()));
    }

    private void failure(String method, String why, boolean counted) {
        LOG.log(Level.DEBUG, "auth attempt failed: user={0} method={1}: {2}", user, method, why);
        events.add(new ServerAuthEvent.AttemptFailed(user, method, why, counted));
        // auth2.c userauth_finish: the failure that brings the count to MaxAuthTries ends the
        // connection (so MaxAuthTries 6 allows 6 failed attempts), without a USERAUTH_FAILURE and,
        // as ssh_packet_disconnect() always does, with reason PROTOCOL_ERROR.
        if (counted && ++failures >= cfg.maxAuthTries) {
            fail(DisconnectReason.PROTOCOL_ERROR, TOO_MANY_FAILURES);
            return;
        }
        out.send(new AuthMessage.Failure(chains.canContinue(), false).toPayload());
    }

    private void unimplemented(int seq) {
        // RFC 4253 §11.4.
        out.send(new Payload(MessageNumbers.SSH_MSG_UNIMPLEMENTED, new SshWriter().writeUint32(seq & 0xffffffffL).toBytes()));
    }

    private void fail(DisconnectReason reason, String description) {
        LOG.log(Level.DEBUG, "auth disconnect {0}: {1}", reason, description);
        state = State.CLOSED;
        pending = null;
        held.clear();
        out.disconnect(reason, description);
    }
}
