package org.sshwire.bench.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Apache MINA SSHD as a comparison server, in a JVM of its own so that its RSS, threads and CPU
 * are its own: publickey logins from one authorized_keys file, exec of real commands through
 * {@code /bin/sh -c} (as sshwire's ProcessHandler does), SFTP rooted at a folder, TCP_NODELAY
 * (without it MINA pays delayed-ACK stalls, DESIGN §3) and the benchmark's ed25519 host key.
 *
 * <p>Arguments: {@code port hostKeyFile authorizedKeysFile sftpRoot}. Prints
 * {@code listening on 127.0.0.1:PORT} when ready.
 */
public final class MinaServerMain {
    private MinaServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setKeyPairProvider(new FileKeyPairProvider(Path.of(args[1])));
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(Path.of(args[2])));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        // MINA's ProcessShellCommandFactory splits the command into words and runs them without a
        // shell ("cat > /dev/null" would cat a file named ">"); sshd and sshwire run it with a shell.
        sshd.setCommandFactory((channel, command) ->
                new ProcessShellFactory(command, List.of("/bin/sh", "-c", command)).createShell(channel));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(Path.of(args[3])));
        sshd.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sshd.stop(true);
            } catch (java.io.IOException e) {
                System.err.println("mina: stop failed: " + e);
            }
            stopped.countDown();
        }, "mina-shutdown"));
        System.out.println("listening on 127.0.0.1:" + sshd.getPort());
        System.out.flush();
        stopped.await();
    }
}
