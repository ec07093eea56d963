package org.sshwire.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/**
 * A user key the client can authenticate with: the public key (or certificate) it presents and
 * something that signs with the private key — a key in memory, a file, or any pluggable
 * {@link Signer} such as an agent or a hardware token.
 *
 * <pre>{@code
 * Identity id = Identity.fromFile(Path.of("/home/me/.ssh/id_ed25519"), null, crypto);  // also loads id_ed25519-cert.pub
 * Identity mem = Identity.of(SshKeyPair.generate("ssh-ed25519", 0, crypto), crypto);
 * }</pre>
 */
public record Identity(SshPublicKey publicKey, Signer signer) {

    /** Signs data with the private key that belongs to the identity's key. */
    @FunctionalInterface
    public interface Signer {
        /** Returns the signature blob ({@code string alg || string sig}) for {@code alg}'s plain algorithm. */
        Bytes sign(SignatureAlgorithm alg, byte[] data);
    }

    /**
     * A signer that is told which connection it signs for before its first signature: an SSH
     * agent, which ssh binds with {@code session-bind@openssh.com} (OpenSSH PROTOCOL.agent §1) so
     * that keys restricted to destinations ({@code ssh-add -h}) sign only for those.
     */
    public interface SessionBoundSigner extends Signer {
        /**
         * The server's host key blob, the session id and the host key's signature of it from
         * the first key exchange. Called at most once per connection, before the first signature.
         */
        void bindSession(Bytes hostKey, Bytes sessionId, Bytes exchangeSignature);
    }

    public Identity {
        Objects.requireNonNull(publicKey);
        Objects.requireNonNull(signer);
    }

    /** A key pair in memory. */
    public static Identity of(SshKeyPair key, CryptoBackend crypto) {
        return new Identity(key.publicKey(), new InMemory(key, crypto));
    }

    /** The signer of a key pair in this JVM: signing asks nobody and costs little. */
    private record InMemory(SshKeyPair key, CryptoBackend crypto) implements Signer {
        @Override
        public Bytes sign(SignatureAlgorithm alg, byte[] data) {
            return key.sign(alg, data, crypto);
        }
    }

    /**
     * Whether a signature with this identity is made in this JVM without asking anyone: a key
     * pair in memory, not a security key (whose signature needs a touch), an agent or a signer
     * of the caller's own.
     */
    boolean signsSilently() {
        return signer instanceof InMemory && !publicKey.keyType().startsWith("sk-"); // sk-*-cert-v01 too
    }

    /** A certificate for {@code key}'s public key, signing with {@code key}. */
    public static Identity withCertificate(SshCertificate cert, SshKeyPair key, CryptoBackend crypto) {
        if (!cert.key().equals(key.publicKey())) {
            throw new IllegalArgumentException("certificate is not for this key");
        }
        return new Identity(cert, new InMemory(key, crypto));
    }

    /**
     * An OpenSSH or PEM private key file; when {@code <file>-cert.pub} exists beside it (as
     * {@code ssh-keygen -s} writes it), the identity presents that certificate.
     */
    public static Identity fromFile(Path file, char[] passphraseOrNull, CryptoBackend crypto) throws IOException {
        SshKeyPair key = KeyFiles.readPrivateKey(Files.readAllBytes(file), passphraseOrNull, crypto);
        Path cert = file.resolveSibling(file.getFileName() + "-cert.pub");
        if (Files.exists(cert)) {
            SshPublicKey c = KeyFiles.readPublicKeyLine(Files.readString(cert, StandardCharsets.UTF_8).trim());
            if (c instanceof SshCertificate sc) {
                return withCertificate(sc, key, crypto);
            }
        }
        return of(key, crypto);
    }
}
