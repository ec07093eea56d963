package org.sshwire.examples;

import java.nio.file.Path;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.sftp.SftpSubsystem;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * An SSH server inside your program: public-key logins checked against one authorized_keys
 * file, commands and shells run by {@code /bin/sh} as this process's own user, and SFTP
 * confined to one directory. OpenSSH's {@code ssh}, {@code sftp} and {@code scp} work with it.
 *
 * <p>Usage: {@code EmbeddedServer PORT HOST_KEY AUTHORIZED_KEYS SFTP_ROOT}
 */
public final class EmbeddedServer {
    private EmbeddedServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path hostKey = Path.of(args[1]);
        Path authorizedKeys = Path.of(args[2]);
        Path sftpRoot = Path.of(args[3]);
        CryptoBackend crypto = CryptoBackend.defaultBackend();

        SshServer server = SshServer.builder()
                .listen("127.0.0.1", port)
                .hostKeyFile(hostKey)
                .auth(ServerAuthPolicy.builder()
                        .publicKeys(AuthorizedKeysVerifier.files(user -> authorizedKeys, crypto))
                        .build())
                .handler(ProcessHandler.asServerAccount())
                .subsystem("sftp", SftpSubsystem.rootedAt(sftpRoot))
                .build()
                .start();
        Serving.untilStopped(server);
    }
}
