package org.sshwire.bench.e2e;

import java.io.IOException;

/** {@code sshwire server} (the CLI's main class, not a test double) on the benchmark's files. */
final class SshwireServer implements ServerUnderTest {
    private final Workspace ws;
    private ServerProcess process;
    private int port;

    SshwireServer(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public String name() {
        return "sshwire";
    }

    @Override
    public void start() throws IOException {
        port = ServerProcess.freePort();
        process = ServerProcess.start(name(), JavaCommand.of("org.sshwire.cli.Sshwire", "server",
                "--listen", "127.0.0.1", "-p", Integer.toString(port),
                "--data-dir", ws.hostKeys.toString(),
                "--authorized-keys", ws.authorizedKeys.toString(),
                "--sftp-root", ws.sftpRoot.toString()), port, ws.root.resolve("sshwire.log"));
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
