package org.sshwire.auth;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.auth.internal.AuthMessages;
import org.sshwire.auth.AuthTransport;

/**
 * The client side of the {@code ssh-userauth} service (RFC 4252, RFC 4256) as a sans-IO state
 * machine. After the transport's {@code ServiceAccepted("ssh-userauth")}, call {@link #start()};
 * feed it the transport's payloads until {@link #isAuthenticated()}; pass the server's EXT_INFO
 * to {@link #onExtInfo}; answer events that carry an id.
 *
 * <p>It starts with "none" to learn the methods, then tries the configured methods in order,
 * each only while the server lists it. A USERAUTH_SUCCESS, FAILURE or method reply that answers
 * nothing we sent, and anything of the connection protocol before success, ends the connection
 * with PROTOCOL_ERROR.
 *
 * <pre>{@code
 * ClientAuthenticator auth = new ClientAuthenticator(cfg, AuthTransport.of(engine), sessionId);
 * auth.start();
 * auth.receive(payloadReceived);
 * for (ClientAuthEvent e; (e = auth.pollEvent()) != null; ) {
 *     if (e instanceof ClientAuthEvent.InfoRequested q) auth.respond(q.id(), answers(q.prompts()));
 * }
 * }</pre>
 */
public final class ClientAuthenticator {
    private static final System.Logger LOG = System.getLogger(ClientAuthenticator.class.getName());

    private enum State { IDLE, AWAITING, ASKING, DONE, CLOSED }

    private final ClientAuthConfig cfg;
    private final AuthTransport out;
    private final Bytes sessionId;
    /** The server's host key blob from the first key exchange, for publickey-hostbound; may be null. */
    private final Bytes serverHostKey;
    /** The server's EXT_INFO offered publickey-hostbound@openssh.com version "0" (OpenSSH PROTOCOL §2.5). */
    private boolean hostBound;
    private final ArrayDeque<ClientAuthEvent> events = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private final List<String> tried = new ArrayList<>();
    private final List<String> succeededMethods = new ArrayList<>();

    private State state = State.IDLE;
    private List<String> serverSigAlgs;
    private List<String> allowed = List.of();
    private String current = AuthMethod.NONE;
    private long nextId = 1;
    private long askId;
    private int identityIndex;
    private SignatureAlgorithm queryAlg;
    /** The first key's request that went out behind the unanswered "none" ({@link #requestBehindNone()}). */
    private record Pipelined(Identity identity, SignatureAlgorithm alg, boolean signed) {
    }

    private Pipelined pipelined;
    private Identity signedIdentity;
    private SignatureAlgorithm signedAlg;
    private int passwordTries;
    private int kbdTries;
    private boolean hostBasedTried;
    private boolean nonTrivial;
    private int infoPrompts;
    /** Whether the configured password already answered a keyboard-interactive prompt (it does so once). */
    private boolean passwordPromptAnswered;
    private String oldPassword;
    /** The first key exchange's host key and signature, for signers bound to the session (agents). */
    private Bytes boundHostKey;
    private Bytes boundExchangeSignature;
    private final java.util.Set<Identity.SessionBoundSigner> bound =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** The server host key for publickey-hostbound is {@link AuthTransport#hostKey()}. */
    public ClientAuthenticator(ClientAuthConfig config, AuthTransport out, Bytes sessionId) {
        this(config, out, sessionId, out.hostKey());
    }

    /**
     * With the server's host key blob (K_S of the first key exchange): public keys then go as
     * {@code publickey-hostbound-v00@openssh.com} when the server's EXT_INFO offers it, as
     * OpenSSH's ssh does since 8.9.
     */
    public ClientAuthenticator(ClientAuthConfig config, AuthTransport out, Bytes sessionId, Bytes serverHostKey) {
        this.cfg = Objects.requireNonNull(config);
        this.out = Objects.requireNonNull(out);
        this.sessionId = Objects.requireNonNull(sessionId);
        this.serverHostKey = serverHostKey;
    }

    /**
     * The server's EXT_INFO (RFC 8308): remembers {@code server-sig-algs} and whether
     * {@code publickey-hostbound@openssh.com} is offered (version "0" only, as ssh checks).
     */
    public void onExtInfo(Map<String, Bytes> extensions) {
        Bytes algs = extensions.get("server-sig-algs");
        if (algs != null) {
            serverSigAlgs = List.of(algs.asUtf8().split(","));
        }
        Bytes hb = extensions.get("publickey-hostbound@openssh.com");
        hostBound = hb != null && hb.asUtf8().equals("0");
        requestBehindNone();
    }

    private boolean useHostBound() {
        return hostBound && serverHostKey != null;
    }

    /**
     * The server's host key blob and its signature of the session id from the first key
     * exchange; a {@link Identity.SessionBoundSigner} (an agent) receives them before it signs,
     * as ssh binds its agent connection with {@code session-bind@openssh.com}. Without them such
     * signers sign unbound.
     */
    public void sessionBinding(Bytes hostKey, Bytes exchangeSignature) {
        boundHostKey = Objects.requireNonNull(hostKey);
        boundExchangeSignature = Objects.requireNonNull(exchangeSignature);
    }

    /** Sends the first request ("none", RFC 4252 §5.2). */
    public void start() {
        if (state != State.IDLE) {
            throw new IllegalStateException("already started");
        }
        send(new AuthMethod.None());
        requestBehindNone();
    }

    /**
     * Sends the first key's publickey request — its query, or its signature where no query is
     * needed ({@link #queryFor}) — right behind "none", before none's answer: RFC 4252 §5 lets a
     * client send requests without waiting, and the server answers them in order, so a login
     * takes one round trip fewer (OpenSSH's ssh and Go's x/crypto wait for none's FAILURE). Only
     * when publickey is our first method, and once the server's EXT_INFO is in: the key's
     * signature algorithm (server-sig-algs) and publickey-hostbound then are what they would be
     * after the FAILURE. If the server does not take publickey, its FAILURE follows and the next
     * method is tried, as before. Nothing about the request counts until none's FAILURE has come
     * (a server that lets "none" in must not make the login look as if the key was proved).
     */
    private void requestBehindNone() {
        if (state != State.AWAITING || !current.equals(AuthMethod.NONE) || pipelined != null || identityIndex != 0
                || serverSigAlgs == null || cfg.methods.isEmpty() || !cfg.methods.get(0).equals(AuthMethod.PUBLICKEY)) {
            return;
        }
        for (Identity id : cfg.identities) {
            identityIndex++;
            SignatureAlgorithm alg = ClientSignatureAlgorithms.choose(id.publicKey(), serverSigAlgs, cfg.allowLegacyRsa, cfg.publicKeyAlgorithms);
            if (alg == null) {
                continue;
            }
            boolean ask = queryFor(id);
            AuthMethod m = ask ? query(id, alg) : signed(id, alg);
            if (m == null) {
                break; // signing failed: after none's answer the keys are gone through as before
            }
            pipelined = new Pipelined(id, alg, !ask);
            if (ask) {
                queryAlg = alg;
            }
            out.send(new AuthMessage.Request(cfg.user, cfg.service, m).toPayload());
            return;
        }
        identityIndex = 0; // no key to offer yet: after none's answer they are gone through as before
    }

    private AuthMethod query(Identity id, SignatureAlgorithm alg) {
        return useHostBound()
                ? new AuthMethod.HostBoundPublicKey(alg.name(), id.publicKey().blob(), serverHostKey, null)
                : new AuthMethod.PublicKey(alg.name(), id.publicKey().blob(), null);
    }

    public void receive(TransportEvent.PayloadReceived p) {
        receive(p.payload(), p.sequence());
    }

    /**
     * Feeds one payload (number 50 or more).
     *
     * @throws IllegalStateException for a connection-protocol message after success (route it on)
     */
    public void receive(Payload p, int sequence) {
        if (state == State.CLOSED) {
            return;
        }
        int id = p.msgId();
        if (state == State.DONE) {
            if (id >= 80 && id <= 127) {
                throw new IllegalStateException(MessageNumbers.name(id) + " belongs to the connection layer");
            }
            unimplemented(sequence);
            return;
        }
        try {
            if (id == MessageNumbers.SSH_MSG_USERAUTH_BANNER) {
                AuthMessage.Banner b = (AuthMessage.Banner) AuthMessages.decode(p, AuthMessages.Context.NONE);
                events.add(new ClientAuthEvent.Banner(b.message(), b.language()));
            } else if ((id == 51 || id == 52 || id == 60) && state == State.AWAITING) {
                onReply(AuthMessages.decode(p, context()));
            } else if (id >= 50 && id <= 61 || id >= 80 && id <= 127) {
                // A reply to nothing we asked (CVE-2018-10933's mirror), a client-only message,
                // or the connection protocol before success.
                fail(DisconnectReason.PROTOCOL_ERROR, MessageNumbers.name(id) + " unexpected during authentication");
            } else if (id < 50) {
                throw new IllegalArgumentException("transport message " + id + " given to the auth layer");
            } else {
                unimplemented(sequence);
            }
        } catch (WireFormatException e) {
            fail(DisconnectReason.PROTOCOL_ERROR, "malformed " + MessageNumbers.name(id) + ": " + e.getMessage());
        }
    }

    public ClientAuthEvent pollEvent() {
        return events.poll();
    }

    public boolean isAuthenticated() {
        return state == State.DONE;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Answers {@link ClientAuthEvent.PasswordNeeded}; null skips the password method. */
    public void providePassword(long id, String password) {
        if (!checkAsk(id)) {
            return;
        }
        if (password == null) {
            passwordTries = Integer.MAX_VALUE;
            next();
        } else {
            sendPassword(password);
        }
    }

    /** Answers {@link ClientAuthEvent.PasswordChangeNeeded}; null gives up on the password method. */
    public void provideNewPassword(long id, String newPassword) {
        if (!checkAsk(id)) {
            return;
        }
        if (newPassword == null || oldPassword == null) {
            passwordTries = Integer.MAX_VALUE;
            next();
        } else {
            nonTrivial = true;
            send(new AuthMethod.Password(oldPassword, newPassword));
        }
    }

    /** Answers {@link ClientAuthEvent.InfoRequested} with one response per prompt; null abandons the method. */
    public void respond(long id, List<String> responses) {
        if (!checkAsk(id)) {
            return;
        }
        if (responses == null) {
            kbdTries = Integer.MAX_VALUE;
            next();
            return;
        }
        if (responses.size() != infoPrompts) {
            throw new IllegalArgumentException(responses.size() + " responses to " + infoPrompts + " prompts");
        }
        sendInfoResponse(responses);
    }

    // ---------------------------------------------------------------- replies

    private AuthMessages.Context context() {
        return switch (current) {
            case AuthMethod.PUBLICKEY -> AuthMessages.Context.PUBLICKEY;
            case AuthMethod.PASSWORD -> AuthMessages.Context.PASSWORD;
            case AuthMethod.KEYBOARD_INTERACTIVE -> AuthMessages.Context.KEYBOARD_INTERACTIVE;
            default -> AuthMessages.Context.NONE;
        };
    }

    private void onReply(AuthMessage m) {
        if (m instanceof AuthMessage.Success) {
            if (cfg.refuseTrivialSuccess && !nonTrivial) {
                fail(DisconnectReason.AUTH_CANCELLED_BY_USER, "refusing trivial authentication (success after " + current + ")");
                return;
            }
            succeededMethods.add(current);
            state = State.DONE;
            events.add(new ClientAuthEvent.Authenticated(List.copyOf(succeededMethods),
                    signedIdentity == null ? null : signedIdentity.publicKey(), signedAlg == null ? null : signedAlg.name()));
        } else if (m instanceof AuthMessage.Failure f) {
            allowed = f.methods();
            if (pipelined != null && current.equals(AuthMethod.NONE)) {
                // none's answer; the key's comes next, as if its request were sent now.
                current = AuthMethod.PUBLICKEY;
                tried.add(current);
                if (pipelined.signed()) {
                    signedIdentity = pipelined.identity();
                    signedAlg = pipelined.alg();
                    nonTrivial = true;
                }
                pipelined = null;
                return;
            }
            if (f.partialSuccess()) {
                succeededMethods.add(current);
                events.add(new ClientAuthEvent.PartialSuccess(current, allowed));
            } else if (current.equals(AuthMethod.PUBLICKEY) && queryAlg == null) {
                signedIdentity = null; // the signed attempt failed
            }
            queryAlg = null;
            next();
        } else if (m instanceof AuthMessage.PkOk ok) {
            Identity id = cfg.identities.get(identityIndex - 1);
            if (queryAlg == null || !ok.algorithm().equals(queryAlg.name()) || !ok.keyBlob().equals(id.publicKey().blob())) {
                fail(DisconnectReason.PROTOCOL_ERROR, "PK_OK for a key we did not offer");
                return;
            }
            SignatureAlgorithm alg = queryAlg;
            queryAlg = null;
            sendSigned(id, alg);
        } else if (m instanceof AuthMessage.PasswdChangeReq c) {
            ask();
            events.add(new ClientAuthEvent.PasswordChangeNeeded(askId, c.prompt()));
        } else if (m instanceof AuthMessage.InfoRequest r) {
            infoPrompts = r.prompts().size();
            if (infoPrompts == 0) {
                sendInfoResponse(List.of()); // RFC 4256 §3.4: still answered, with no responses
                return;
            }
            if (cfg.password != null && !passwordPromptAnswered && isPasswordPrompt(r.prompts())) {
                // What ssh's user types at PAM's "Password: " (and what MINA's client sends from
                // its password): the configured password, once; a second prompt means it was wrong.
                passwordPromptAnswered = true;
                sendInfoResponse(List.of(cfg.password));
                return;
            }
            ask();
            events.add(new ClientAuthEvent.InfoRequested(askId, r.name(), r.instruction(), r.prompts()));
        }
    }

    /**
     * One hidden prompt that asks for the password, as PAM's "Password: " and sshd's own; not
     * one for a new password (pam_chauthtok's "New password: "), which is the user's to choose.
     */
    private static boolean isPasswordPrompt(List<AuthMessage.Prompt> prompts) {
        if (prompts.size() != 1 || prompts.get(0).echo()) {
            return false;
        }
        String text = prompts.get(0).text().toLowerCase(java.util.Locale.ROOT);
        return text.contains("password") && !text.contains("new");
    }

    /** Tries the next method the server allows, in our order; none left ends with a failure. */
    private void next() {
        for (String m : cfg.methods) {
            if (!allowed.contains(m)) {
                continue;
            }
            switch (m) {
                case AuthMethod.PUBLICKEY -> {
                    while (identityIndex < cfg.identities.size()) {
                        Identity id = cfg.identities.get(identityIndex++);
                        SignatureAlgorithm alg = ClientSignatureAlgorithms.choose(id.publicKey(), serverSigAlgs, cfg.allowLegacyRsa, cfg.publicKeyAlgorithms);
                        if (alg == null) {
                            continue;
                        }
                        if (queryFor(id)) {
                            queryAlg = alg;
                            send(query(id, alg));
                        } else {
                            sendSigned(id, alg);
                        }
                        return;
                    }
                }
                case AuthMethod.PASSWORD -> {
                    if (passwordTries < cfg.passwordAttempts && (cfg.password == null || passwordTries == 0)) {
                        if (cfg.password != null) {
                            sendPassword(cfg.password);
                        } else {
                            ask();
                            events.add(new ClientAuthEvent.PasswordNeeded(askId, cfg.user));
                        }
                        return;
                    }
                }
                case AuthMethod.KEYBOARD_INTERACTIVE -> {
                    if (kbdTries < cfg.keyboardInteractiveAttempts) {
                        kbdTries++;
                        send(new AuthMethod.KeyboardInteractive("", ""));
                        return;
                    }
                }
                case AuthMethod.HOSTBASED -> {
                    if (!hostBasedTried && cfg.hostKey != null) {
                        hostBasedTried = true;
                        SignatureAlgorithm alg = ClientSignatureAlgorithms.choose(cfg.hostKey.publicKey(), serverSigAlgs, cfg.allowLegacyRsa, cfg.publicKeyAlgorithms);
                        if (alg != null) {
                            Bytes blob = cfg.hostKey.publicKey().blob();
                            Bytes sig = cfg.hostKey.signer().sign(alg, SignedData.hostBased(sessionId, cfg.user, cfg.service,
                                    alg.name(), blob, cfg.clientHost, cfg.clientUser));
                            nonTrivial = true;
                            send(new AuthMethod.HostBased(alg.name(), blob, cfg.clientHost, cfg.clientUser, sig));
                            return;
                        }
                    }
                }
                default -> {
                }
            }
        }
        AuthenticationException e = new AuthenticationException(cfg.user, "no more methods to try", tried, allowed);
        LOG.log(Level.DEBUG, e.getMessage());
        events.add(new ClientAuthEvent.Failed(e));
        fail(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, "no more authentication methods to try");
    }

    private void sendSigned(Identity id, SignatureAlgorithm alg) {
        AuthMethod m = signed(id, alg);
        if (m == null) {
            next();
            return;
        }
        signedIdentity = id;
        signedAlg = alg;
        nonTrivial = true;
        send(m);
    }

    /** The publickey request signed with {@code id}; null (logged) if signing failed. */
    private AuthMethod signed(Identity id, SignatureAlgorithm alg) {
        Bytes blob = id.publicKey().blob();
        boolean bound = useHostBound();
        Bytes sig;
        try {
            bind(id.signer());
            sig = id.signer().sign(alg, bound
                    ? SignedData.publicKeyHostBound(sessionId, cfg.user, cfg.service, alg.name(), blob, serverHostKey)
                    : SignedData.publicKey(sessionId, cfg.user, cfg.service, alg.name(), blob));
        } catch (RuntimeException e) {
            // As ssh does when its agent refuses ("signing failed ... agent refused operation"):
            // this key is skipped and authentication goes on with the next one.
            LOG.log(Level.DEBUG, () -> "signing with " + id.publicKey().fingerprintSha256() + " failed: " + e.getMessage());
            return null;
        }
        return bound ? new AuthMethod.HostBoundPublicKey(alg.name(), blob, serverHostKey, sig)
                : new AuthMethod.PublicKey(alg.name(), blob, sig);
    }

    /** Whether to ask before signing with {@code id} ({@link ClientAuthConfig.Builder#queryFirst}). */
    private boolean queryFor(Identity id) {
        return cfg.queryFirst != null ? cfg.queryFirst : !id.signsSilently();
    }

    private void bind(Identity.Signer signer) {
        if (signer instanceof Identity.SessionBoundSigner s && boundHostKey != null && bound.add(s)) {
            s.bindSession(boundHostKey, sessionId, boundExchangeSignature);
        }
    }

    private void sendPassword(String password) {
        passwordTries++;
        oldPassword = password;
        nonTrivial = true;
        send(new AuthMethod.Password(password, null));
    }

    private void sendInfoResponse(List<String> responses) {
        if (!responses.isEmpty()) {
            nonTrivial = true;
        }
        state = State.AWAITING;
        out.send(new AuthMessage.InfoResponse(responses).toPayload());
    }

    private void send(AuthMethod m) {
        // publickey-hostbound is publickey to the server's method lists and to our caller.
        current = m instanceof AuthMethod.HostBoundPublicKey ? AuthMethod.PUBLICKEY : m.name();
        tried.add(current);
        state = State.AWAITING;
        out.send(new AuthMessage.Request(cfg.user, cfg.service, m).toPayload());
    }

    private void ask() {
        askId = nextId++;
        state = State.ASKING;
    }

    /** False once the connection closed (a late answer is dropped); throws for an answer to nothing. */
    private boolean checkAsk(long id) {
        if (state == State.CLOSED) {
            return false;
        }
        if (state != State.ASKING || id != askId) {
            throw new IllegalStateException("no question " + id + " is pending");
        }
        return true;
    }

    private void unimplemented(int seq) {
        out.send(new Payload(MessageNumbers.SSH_MSG_UNIMPLEMENTED, new SshWriter().writeUint32(seq & 0xffffffffL).toBytes()));
    }

    private void fail(DisconnectReason reason, String description) {
        state = State.CLOSED;
        out.disconnect(reason, description);
    }
}
