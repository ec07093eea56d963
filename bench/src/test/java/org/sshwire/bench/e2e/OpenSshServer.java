package org.sshwire.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This machine's OpenSSH {@code sshd} with a configuration of its own ({@code -D}: it stays the
 * root of its process tree, one listener plus two processes per connection).
 */
final class OpenSshServer implements ServerUnderTest {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Workspace ws;
    private ServerProcess process;
    private int port;

    OpenSshServer(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public String name() {
        return "OpenSSH";
    }

    @Override
    public void start() throws IOException {
        port = ServerProcess.freePort();
        Path config = ws.root.resolve("sshd_config");
        Files.write(config, List.of(
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + ws.hostKey(),
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "AuthorizedKeysFile " + ws.authorizedKeys,
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                // root's ~/.bashrc runs `pyenv init` (~100 ms) for every command bash runs for sshd
                // unless SHLVL is set (DESIGN §7); the JVM servers run /bin/sh -c and never read it.
                "SetEnv SHLVL=1",
                // Relative SFTP paths start in the same folder as on the other servers.
                "Subsystem sftp internal-sftp -d " + ws.sftpRoot,
                // The idle-connection test opens thousands of connections.
                "MaxStartups 10000",
                "MaxSessions 10",
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "X11Forwarding no",
                "LogLevel ERROR"));
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
        process = ServerProcess.start(name(), List.of(SSHD.toString(), "-D", "-e", "-f", config.toString()),
                port, ws.root.resolve("sshd.log"));
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
