package org.sshwire.connection.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.internal.client.KnownHostsCheck;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Decides whether the server's host key is the right one (Go's {@code HostKeyCallback}). Runs on
 * the client's executor. Returning false refuses the key and {@code connect} throws a plain
 * {@link HostKeyException}; throwing a {@link HostKeyException} (or one of its subclasses) refuses
 * it and {@code connect} throws that exception.
 *
 * <pre>{@code
 * HostKeyVerifier v = HostKeyVerifier.knownHosts(Path.of(System.getProperty("user.home"), ".ssh/known_hosts"));
 * HostKeyVerifier pinned = (host, port, key) -> key.equals(expected);
 * }</pre>
 */
@FunctionalInterface
public interface HostKeyVerifier {
    boolean verify(String host, int port, SshPublicKey key) throws HostKeyException;

    /**
     * ssh's known_hosts check against {@code file}, re-read on each connection (a missing file
     * is empty): a plain entry for the host with this key, or a host certificate from a
     * {@code @cert-authority} line (host certificate, the host among its principals, valid now,
     * signed with one of OpenSSH's default CASignatureAlgorithms). A certificate no authority
     * accepts is checked as its plain key, as ssh does. Refusals are typed:
     * {@link UnknownHostKeyException}, {@link ChangedHostKeyException},
     * {@link RevokedHostKeyException} ({@code @revoked} wins over every other line).
     */
    static HostKeyVerifier knownHosts(Path file) {
        return knownHosts(List.of(file), CertChecker.create(CryptoBackend.defaultBackend()));
    }

    /**
     * {@link #knownHosts(Path)} over several files read in order, as ssh reads
     * {@code UserKnownHostsFile} and {@code GlobalKnownHostsFile}, with {@code checker}'s clock,
     * CASignatureAlgorithms and revocation test for host certificates (its authorities are
     * ignored: those come from the files' {@code @cert-authority} lines).
     *
     * <pre>{@code
     * HostKeyVerifier v = HostKeyVerifier.knownHosts(
     *         List.of(Path.of(home, ".ssh/known_hosts"), Path.of("/etc/ssh/ssh_known_hosts")),
     *         CertChecker.create(crypto).withCaSignatureAlgorithms(List.of("ssh-ed25519")));
     * }</pre>
     */
    static HostKeyVerifier knownHosts(List<Path> files, CertChecker checker) {
        List<Path> all = List.copyOf(files);
        System.Logger log = System.getLogger(HostKeyVerifier.class.getName());
        return (host, port, key) -> {
            KnownHosts kh;
            try {
                kh = KnownHostsCheck.read(all, checker.crypto());
            } catch (IOException e) {
                throw new HostKeyException(host, port, key, "cannot read known_hosts " + all + ": " + e.getMessage(), e);
            }
            KnownHostsCheck.check(kh, host, port, key, checker, why -> log.log(System.Logger.Level.WARNING, "{0}: {1}",
                    KnownHostsCheck.displayName(host, port), why));
            return true;
        };
    }

    /** Accepts any key: only for tests and throwaway servers — it makes a man in the middle possible. */
    static HostKeyVerifier acceptAny() {
        return (host, port, key) -> true;
    }
}
