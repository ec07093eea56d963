package org.sshwire.examples;

import java.nio.file.Path;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.CommandResult;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.MessageNumbers;

/**
 * The research surface: prints every SSH message of a session as it is sent or received
 * (direction, sequence number, message name, payload size) while the session runs a command.
 * Observers see plaintext payloads, after decryption and before encryption.
 *
 * <p>Usage: {@code PacketTrace USER HOST PORT IDENTITY KNOWN_HOSTS COMMAND}
 */
public final class PacketTrace {
    private PacketTrace() {
    }

    public static void main(String[] args) throws Exception {
        Identity identity = Identity.fromFile(Path.of(args[3]), null, CryptoBackend.defaultBackend());
        try (SshClient ssh = SshClient.builder(args[0])
                .identity(identity)
                .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of(args[4])))
                .transport(t -> t.observer((direction, seq, payload) -> System.out.printf("%-8s #%-3d %-35s %d bytes%n",
                        direction, seq, MessageNumbers.name(payload.msgId()), payload.body().length() + 1)))
                .connect(args[1], Integer.parseInt(args[2]))) {
            CommandResult r = ssh.exec(args[5]).collect();
            System.out.println("command printed: " + r.stdoutText().strip() + ", " + r.exit());
        }
    }
}
