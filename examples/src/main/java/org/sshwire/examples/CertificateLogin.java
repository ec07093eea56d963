package org.sshwire.examples;

import java.nio.file.Path;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.CommandResult;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshCertificate;

/**
 * Logs in with an OpenSSH user certificate: {@code Identity.fromFile} loads {@code id_ed25519}
 * and, beside it, {@code id_ed25519-cert.pub} (made by {@code ssh-keygen -s ca -I id -n user}),
 * as {@code ssh} does. A server that trusts the CA ({@code TrustedUserCAKeys}) needs no
 * authorized_keys entry for the key.
 *
 * <p>Usage: {@code CertificateLogin USER HOST PORT IDENTITY KNOWN_HOSTS COMMAND}
 */
public final class CertificateLogin {
    private CertificateLogin() {
    }

    public static void main(String[] args) throws Exception {
        Identity identity = Identity.fromFile(Path.of(args[3]), null, CryptoBackend.defaultBackend());
        if (identity.publicKey() instanceof SshCertificate cert) {
            System.out.println("certificate " + cert.keyId() + " for " + cert.principals());
        }
        try (SshClient ssh = SshClient.builder(args[0])
                .identity(identity)
                .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of(args[4])))
                .connect(args[1], Integer.parseInt(args[2]))) {
            CommandResult r = ssh.exec(args[5]).collect();
            System.out.print(r.stdoutText());
            System.out.println(r.exit());
        }
    }
}
