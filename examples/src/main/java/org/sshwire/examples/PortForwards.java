package org.sshwire.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.LocalForward;
import org.sshwire.connection.client.RemoteForward;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * {@code ssh -L} and {@code ssh -R} from a program. A local forward listens here (loopback only,
 * as ssh's default) and reaches a service through the server; a remote forward makes the server
 * listen and reaches a service from here. Both are handles: closing one stops that forward
 * (a remote one sends {@code cancel-tcpip-forward}) and leaves the connection up.
 *
 * <p>Usage: {@code PortForwards USER HOST PORT IDENTITY KNOWN_HOSTS SERVICE_PORT}, where a
 * line-greeting service listens on 127.0.0.1:SERVICE_PORT on both machines.
 */
public final class PortForwards {
    private PortForwards() {
    }

    public static void main(String[] args) throws Exception {
        int service = Integer.parseInt(args[5]);
        Identity identity = Identity.fromFile(Path.of(args[3]), null, CryptoBackend.defaultBackend());
        try (SshClient ssh = SshClient.builder(args[0])
                .identity(identity)
                .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of(args[4])))
                .connect(args[1], Integer.parseInt(args[2]))) {
            // -L 0:127.0.0.1:SERVICE: a free local port, to the service as the server sees it.
            try (LocalForward local = ssh.localForward(0, "127.0.0.1", service);
                 Socket s = new Socket(InetAddress.getLoopbackAddress(), local.port())) {
                String greeting = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                System.out.println("through -L " + local.localAddress() + ": " + greeting);
            }
            // -R 0:127.0.0.1:SERVICE: the server picks a port; a command there connects to it.
            try (RemoteForward remote = ssh.remoteForward("127.0.0.1", 0, "127.0.0.1", service)) {
                String seen = ssh.exec("exec 3<>/dev/tcp/127.0.0.1/" + remote.boundPort() + "; head -1 <&3")
                        .collect().stdoutText().strip();
                System.out.println("through -R port " + remote.boundPort() + ": " + seen);
            }
        }
    }
}
