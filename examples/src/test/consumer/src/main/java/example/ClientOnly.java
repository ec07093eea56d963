package example;

import java.nio.file.Path;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.CommandResult;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.crypto.CryptoBackend;

/** Runs one command: {@code ClientOnly USER HOST PORT IDENTITY KNOWN_HOSTS COMMAND}. */
public final class ClientOnly {
    public static void main(String[] args) throws Exception {
        try (SshClient ssh = SshClient.builder(args[0])
                .identity(Identity.fromFile(Path.of(args[3]), null, CryptoBackend.defaultBackend()))
                .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of(args[4])))
                .connect(args[1], Integer.parseInt(args[2]))) {
            CommandResult r = ssh.exec(args[5]).collect();
            System.out.print(r.stdoutText());
            System.exit(r.exit().isSuccess() ? 0 : 1);
        }
    }
}
