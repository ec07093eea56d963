package org.sshwire.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.client.SshClient;

/**
 * {@code ssh -W host:port}: standard input and output become one {@code direct-tcpip} channel to
 * host:port (ssh's channel_connect_stdio_fwd), which is what makes sshwire usable as OpenSSH's
 * {@code ProxyCommand}. No session is opened; the command ends when the channel does. A refused
 * forward is ssh's "stdio forwarding failed", exit 255.
 *
 * <pre>{@code
 * ssh -o ProxyCommand='sshwire ssh -W %h:%p bastion' inner
 * }</pre>
 */
final class StdioForward {
    private StdioForward() {
    }

    /** The -W argument: {@code host:port} or {@code [v6addr]:port}. */
    static HostPort parse(String spec) {
        HostPort hp = HostPort.parse(spec, -1);
        if (hp.port() <= 0 || hp.host().isEmpty()) {
            throw new UserErrors.ExitException("Bad stdio forwarding specification '" + spec + "'", 255);
        }
        return hp;
    }

    static int run(SshClient client, HostPort target) throws InterruptedException {
        Channel ch;
        try {
            ch = client.openDirectTcpip(target.host(), target.port());
        } catch (IOException e) {
            throw new UserErrors.ExitException("stdio forwarding failed: " + UserErrors.describe(e), 255);
        }
        ProcessExit.startReader("stdio-forward-in", () -> copy(ProcessExit.standardInput(), ch.getOutputStream(), true));
        // Not System.out: a PrintStream swallows errors and buffers; the peer's bytes go out as they come.
        copy(ch.getInputStream(), new FileOutputStream(FileDescriptor.out), false);
        ch.close();
        ch.awaitClose(java.time.Duration.ofSeconds(5));
        return 0;
    }

    /** Copies until EOF or an error; closing {@code out} at the end (EOF to the channel) when asked. */
    private static void copy(InputStream in, OutputStream out, boolean closeOut) {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side ended; the caller closes the channel
        } finally {
            if (closeOut) {
                try {
                    out.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
