package org.sshwire.auth.agent;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sshwire.auth.Identity;
import org.sshwire.auth.internal.agent.AgentConstraint;
import org.sshwire.auth.internal.agent.AgentFraming;
import org.sshwire.auth.internal.agent.AgentMessage;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * A client of an SSH agent (draft-miller-ssh-agent, as OpenSSH's {@code ssh-agent} speaks it)
 * over its Unix socket ({@code SSH_AUTH_SOCK}) or any byte stream (a forwarded agent channel).
 * One request at a time; every reply is bounded to 256 KiB, as ssh-agent bounds requests.
 *
 * <pre>{@code
 * try (AgentClient agent = AgentClient.connect(Path.of(System.getenv("SSH_AUTH_SOCK")))) {
 *     List<AgentKey> keys = agent.identities();
 *     Bytes sig = agent.sign(keys.get(0).publicKey(), SignatureAlgorithm.RSA_SHA2_256, data);
 *     ClientAuthConfig.Builder login = ClientAuthConfig.builder("alice");
 *     agent.loginIdentities().forEach(login::identity);   // agent keys first, as ssh
 * }
 * }</pre>
 */
public final class AgentClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentClient.class.getName());
    /** The environment variable that names the agent's socket. */
    public static final String SSH_AUTH_SOCK = "SSH_AUTH_SOCK";
    public static final String SESSION_BIND = "session-bind@openssh.com";

    private final InputStream in;
    private final OutputStream out;
    private final Closeable closer;

    private AgentClient(InputStream in, OutputStream out, Closeable closer) {
        this.in = in;
        this.out = out;
        this.closer = closer;
    }

    /** Connects to the agent listening on a Unix socket. */
    public static AgentClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot connect to the agent at " + socket + ": " + e.getMessage(), e);
        }
        return new AgentClient(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
    }

    /** The agent named by {@code SSH_AUTH_SOCK}, or null when it is unset or empty. */
    public static AgentClient fromEnvironment() throws IOException {
        String sock = System.getenv(SSH_AUTH_SOCK);
        return sock == null || sock.isEmpty() ? null : connect(Path.of(sock));
    }

    /** An agent reached over a stream pair, such as a forwarded {@code auth-agent@openssh.com} channel. */
    public static AgentClient over(InputStream in, OutputStream out, Closeable onClose) {
        return new AgentClient(Objects.requireNonNull(in), Objects.requireNonNull(out), Objects.requireNonNull(onClose));
    }

    /** The keys and certificates the agent holds (REQUEST_IDENTITIES). */
    public List<AgentKey> identities() throws IOException {
        AgentMessage m = request(new AgentMessage.RequestIdentities());
        if (!(m instanceof AgentMessage.IdentitiesAnswer a)) {
            throw refused("list keys", m);
        }
        List<AgentKey> keys = new ArrayList<>();
        for (AgentMessage.KeyEntry e : a.keys()) {
            keys.add(new AgentKey(e.blob(), e.comment()));
        }
        return keys;
    }

    /**
     * Signs {@code data} with the agent's key for {@code key} (SIGN_REQUEST) and returns the
     * signature blob. For RSA, {@code alg} selects SHA-256 or SHA-512 by the request's flags;
     * a signature of another algorithm than asked is refused (ssh checks the same).
     */
    public Bytes sign(SshPublicKey key, SignatureAlgorithm alg, byte[] data) throws IOException {
        int flags = 0;
        if (alg.signatureName().equals("rsa-sha2-256")) {
            flags = AgentMessage.FLAG_RSA_SHA2_256;
        } else if (alg.signatureName().equals("rsa-sha2-512")) {
            flags = AgentMessage.FLAG_RSA_SHA2_512;
        }
        AgentMessage m = request(new AgentMessage.SignRequest(key.blob(), Bytes.wrap(data), flags));
        if (!(m instanceof AgentMessage.SignResponse r)) {
            throw refused("sign with " + key.keyType() + " " + key.fingerprintSha256(), m);
        }
        try {
            String name = new SshReader(r.signature()).readUtf8();
            if (!name.equals(alg.signatureName())) {
                throw new AgentException("agent signed with " + name + " when " + alg.signatureName() + " was asked");
            }
        } catch (WireFormatException e) {
            throw new AgentException("agent sent a malformed signature: " + e.getMessage());
        }
        return r.signature();
    }

    /** Adds a key (with its certificate, if it has one) to the agent, as {@code ssh-add} does. */
    public void add(SshKeyPair key, String comment, AgentConstraints constraints) throws IOException {
        List<AgentConstraint> cs = new ArrayList<>();
        if (constraints.lifetime() != null) {
            cs.add(new AgentConstraint.Lifetime(constraints.lifetime().getSeconds()));
        }
        if (constraints.confirm()) {
            cs.add(new AgentConstraint.Confirm());
        }
        expectSuccess("add " + key.publicKey().fingerprintSha256(), new AgentMessage.AddIdentity(key, comment == null ? "" : comment, cs));
    }

    /** Removes one key or certificate (REMOVE_IDENTITY). */
    public void remove(SshPublicKey key) throws IOException {
        expectSuccess("remove " + key.fingerprintSha256(), new AgentMessage.RemoveIdentity(key.blob()));
    }

    /** Removes every key (REMOVE_ALL_IDENTITIES). */
    public void removeAll() throws IOException {
        expectSuccess("remove all keys", new AgentMessage.RemoveAllIdentities());
    }

    /** Locks the agent with a passphrase ({@code ssh-add -x}): it then lists no keys and signs nothing. */
    public void lock(char[] passphrase) throws IOException {
        expectSuccess("lock", new AgentMessage.Lock(true, utf8(passphrase)));
    }

    /** Unlocks the agent ({@code ssh-add -X}); a wrong passphrase is refused. */
    public void unlock(char[] passphrase) throws IOException {
        expectSuccess("unlock", new AgentMessage.Lock(false, utf8(passphrase)));
    }

    /**
     * Sends an EXTENSION request; returns the reply's contents after SSH_AGENT_SUCCESS, or throws
     * {@link AgentException} when the agent refuses or does not know the extension.
     */
    public Bytes extension(String name, Bytes contents) throws IOException {
        AgentMessage m = request(new AgentMessage.Extension(name, contents));
        if (m instanceof AgentMessage.Success s) {
            return s.contents();
        }
        throw refused("extension " + name, m);
    }

    /**
     * Binds this agent connection to an SSH session ({@code session-bind@openssh.com}, OpenSSH
     * PROTOCOL.agent §1): the server's host key, the session id and the host key's signature of
     * it from the first key exchange; {@code forwarding} for a connection that forwards the agent
     * rather than authenticates. The agent verifies the signature and then enforces the keys'
     * destination constraints.
     */
    public void bindSession(Bytes hostKey, Bytes sessionId, Bytes exchangeSignature, boolean forwarding) throws IOException {
        Bytes body = new SshWriter().writeString(hostKey).writeString(sessionId).writeString(exchangeSignature)
                .writeBoolean(forwarding).toBytes();
        extension(SESSION_BIND, body);
    }

    /**
     * The agent's keys as login identities, in the agent's order, each signing through this
     * connection and bound to the session before its first signature. Keys of types sshwire does
     * not implement are left out.
     */
    public List<Identity> loginIdentities() throws IOException {
        List<Identity> out = new ArrayList<>();
        AgentSigner signer = new AgentSigner();
        for (AgentKey k : identities()) {
            SshPublicKey key;
            try {
                key = k.publicKey();
            } catch (KeyFormatException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "agent key skipped: " + e.getMessage());
                continue;
            }
            out.add(new Identity(key, signer.forKey(key)));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        closer.close();
    }

    /** One request, one reply. */
    private synchronized AgentMessage request(AgentMessage m) throws IOException {
        AgentFraming.write(out, m.encode());
        Bytes reply = AgentFraming.read(in);
        if (reply == null) {
            throw new IOException("the agent closed the connection");
        }
        try {
            return AgentMessage.decodeReply(reply);
        } catch (WireFormatException e) {
            throw new AgentException("malformed agent reply: " + e.getMessage());
        }
    }

    private void expectSuccess(String what, AgentMessage m) throws IOException {
        AgentMessage r = request(m);
        if (!(r instanceof AgentMessage.Success)) {
            throw refused(what, r);
        }
    }

    private static AgentException refused(String what, AgentMessage reply) {
        if (reply instanceof AgentMessage.Failure || reply instanceof AgentMessage.ExtensionFailure) {
            return new AgentException("agent refused to " + what);
        }
        return new AgentException("unexpected agent reply " + reply.type() + " to " + what);
    }

    private static Bytes utf8(char[] passphrase) {
        return Bytes.wrap(new String(passphrase).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Signs through this connection; binds it to the session once, before the first signature.
     * A failed bind is logged and signing goes on unbound, as ssh does.
     */
    private final class AgentSigner {
        private boolean bound;

        Identity.Signer forKey(SshPublicKey key) {
            return new Identity.SessionBoundSigner() {
                @Override
                public void bindSession(Bytes hostKey, Bytes sessionId, Bytes exchangeSignature) {
                    synchronized (AgentSigner.this) {
                        if (bound) {
                            return;
                        }
                        bound = true;
                    }
                    try {
                        AgentClient.this.bindSession(hostKey, sessionId, exchangeSignature, false);
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.DEBUG, () -> "agent session bind failed: " + e.getMessage());
                    }
                }

                @Override
                public Bytes sign(SignatureAlgorithm alg, byte[] data) {
                    try {
                        return AgentClient.this.sign(key, alg, data);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
    }
}
