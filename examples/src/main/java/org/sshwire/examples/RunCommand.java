package org.sshwire.examples;

import java.nio.file.Path;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.CommandResult;
import org.sshwire.connection.client.ExitStatus;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * Runs a command and collects what it printed on stdout and stderr and how it ended: an exit
 * code, a signal, or no status at all. Both streams are read together, so a command that
 * writes megabytes to stderr before its stdout never stalls the session.
 *
 * <p>Usage: {@code RunCommand USER HOST PORT IDENTITY KNOWN_HOSTS COMMAND}
 */
public final class RunCommand {
    private RunCommand() {
    }

    public static void main(String[] args) throws Exception {
        Identity identity = Identity.fromFile(Path.of(args[3]), null, CryptoBackend.defaultBackend());
        try (SshClient ssh = SshClient.builder(args[0])
                .identity(identity)
                .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of(args[4])))
                .connect(args[1], Integer.parseInt(args[2]))) {
            CommandResult r = ssh.exec(args[5]).collect();
            System.out.println("stdout: " + r.stdout().length() + " bytes, first line: " + r.stdoutText().lines().findFirst().orElse(""));
            System.out.println("stderr: " + r.stderr().length() + " bytes");
            ExitStatus exit = r.exit();
            if (exit instanceof ExitStatus.Code c) {
                System.out.println("exit code " + c.value());
            } else if (exit instanceof ExitStatus.Signal s) {
                System.out.println("killed by SIG" + s.name());
            } else {
                System.out.println("no exit status");
            }
        }
    }
}
