package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.config.SshClientSettings;
import org.sshwire.connection.config.SshClientSettings.Forward;

/**
 * Opens the forwards of the settings ({@code -L}/{@code -R}/{@code -D} and LocalForward,
 * RemoteForward, DynamicForward) as ssh binds them ({@code channels.c}): a local listener without
 * a bind address is on the loopback address unless GatewayPorts is on, and {@code *} or an empty
 * address is every address; a remote one without an address is the server's loopback unless
 * GatewayPorts, as ssh's {@code channel_rfwd_bind_host}. A forward that fails is a warning, or the
 * end of the command under ExitOnForwardFailure.
 */
final class ConfiguredForwards {
    private ConfiguredForwards() {
    }

    static void open(SshClient client, SshClientSettings s, PrintWriter err) throws IOException {
        for (Forward f : s.localForwards()) {
            attempt(s, err, "local", f, () -> {
                if (f.listenPath().isPresent() && f.connectPath().isPresent()) {
                    client.localStreamForward(Path.of(f.listenPath().get()), f.connectPath().get());
                } else if (f.listenPath().isEmpty() && f.connectPath().isEmpty()) {
                    client.localForward(localBind(f, s), f.listenPort(), f.connectHost().orElseThrow(), f.connectPort());
                } else {
                    throw new IOException("forwarding between a TCP port and a Unix socket is not supported by sshwire");
                }
            });
        }
        for (Forward f : s.dynamicForwards()) {
            attempt(s, err, "dynamic", f, () -> client.dynamicForward(
                    f.listenHost().orElse(s.gatewayPorts() ? "*" : null), f.listenPort()));
        }
        for (Forward f : s.remoteForwards()) {
            attempt(s, err, "remote", f, () -> {
                if (f.listenPath().isPresent() && f.connectPath().isPresent()) {
                    client.remoteStreamForward(f.listenPath().get(), Path.of(f.connectPath().get()));
                    return;
                }
                if (f.listenPath().isPresent() || f.connectPath().isPresent() || f.connectHost().orElse("").equals("socks")
                        && f.connectPort() == 0) {
                    throw new IOException("this kind of remote forward (Unix socket to TCP, or dynamic) is not supported by sshwire");
                }
                String bind = f.listenHost().map(h -> h.equals("*") ? "" : h).orElse(s.gatewayPorts() ? "" : "localhost");
                int bound = client.remoteForward(bind, f.listenPort(), f.connectHost().orElseThrow(), f.connectPort()).boundPort();
                if (f.listenPort() == 0) {
                    err.println("Allocated port " + bound + " for remote forward to " + f.connectHost().get() + ":"
                            + f.connectPort());
                    err.flush();
                }
            });
        }
    }

    private static String localBind(Forward f, SshClientSettings s) {
        return f.listenHost().map(h -> h.isEmpty() ? "*" : h).orElse(s.gatewayPorts() ? "*" : "localhost");
    }

    private interface Opening {
        void run() throws IOException;
    }

    private static void attempt(SshClientSettings s, PrintWriter err, String kind, Forward f, Opening o) throws IOException {
        try {
            o.run();
        } catch (IOException | RuntimeException e) {
            String what = kind + " forwarding of " + f.listenHost().map(h -> h + ":").orElse("")
                    + f.listenPath().orElse(Integer.toString(f.listenPort()));
            if (s.exitOnForwardFailure()) {
                throw new UserErrors.ExitException("Error: " + what + " failed: " + UserErrors.describe(e), 255);
            }
            err.println("Warning: " + what + " failed: " + UserErrors.describe(e));
            err.flush();
        }
    }
}
