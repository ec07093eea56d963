package org.sshwire.bench.e2e;

import java.io.IOException;

/** Apache MINA SSHD ({@link MinaServerMain}) in its own JVM on the benchmark's files. */
final class MinaServer implements ServerUnderTest {
    private final Workspace ws;
    private ServerProcess process;
    private int port;

    MinaServer(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public String name() {
        return "MINA";
    }

    @Override
    public void start() throws IOException {
        port = ServerProcess.freePort();
        process = ServerProcess.start(name(), JavaCommand.of(MinaServerMain.class, Integer.toString(port),
                ws.hostKey().toString(), ws.authorizedKeys.toString(), ws.sftpRoot.toString()),
                port, ws.root.resolve("mina.log"));
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
