package org.sshwire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.research.SessionRecording;
import org.sshwire.transport.research.SessionReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sshwire replay FILE}: re-runs the client side of a session recorded with
 * {@code sshwire ssh --record FILE} against a server, with the recorded randomness, and reports
 * the first byte that differs from the recording (DESIGN §5). Exit status 0 when the replay
 * matched byte for byte, 1 at a divergence, 255 when it could not run.
 *
 * <pre>{@code
 * sshwire ssh --record echo.pcapng -p 2222 alice@127.0.0.1 echo MARKER
 * sshwire replay -p 2222 echo.pcapng
 * }</pre>
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-run the client side of a session recorded with sshwire ssh --record against a server, with the "
                + "recorded randomness; report the first byte that differs (exit 0: identical, 1: diverged).")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Server to replay against (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "-p", paramLabel = "PORT", required = true, description = "Its port.")
    int port;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long to wait for a server that has stopped sending before reporting where (default 10).")
    int timeoutSeconds = 10;

    @Parameters(paramLabel = "FILE", description = "A client's recording (sshwire ssh --record FILE).")
    Path file;

    @Override
    public Integer call() throws IOException {
        SessionReplay replay;
        try {
            replay = SessionReplay.client(SessionRecording.read(file), CryptoBackend.defaultBackend());
        } catch (NoSuchFileException e) {
            throw UserErrors.fail(file + ": no such file");
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail(file + ": " + e.getMessage());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutSeconds * 1000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(100);
            run(replay, s.getInputStream(), s.getOutputStream());
        } catch (IOException e) {
            throw UserErrors.fail("replay: " + host + " port " + port + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(replay.report());
        out.flush();
        return replay.divergence().isPresent() ? 1 : 0;
    }

    /** Moves bytes between the replay and the server until the replay has its answer. */
    private void run(SessionReplay replay, InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long quietSince = System.nanoTime();
        while (!replay.isFinished()) {
            // One write for all that is ready, as a client writes what its engine queued at once: the
            // server then reads it in one go and answers in the same order as it did to the recording.
            java.io.ByteArrayOutputStream ready = new java.io.ByteArrayOutputStream();
            for (ByteBuffer b; (b = replay.pollTransmit()) != null; ) {
                ready.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            }
            ready.writeTo(out);
            out.flush();
            if (replay.isFinished()) {
                return;
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() - quietSince > timeoutSeconds * 1_000_000_000L) {
                    replay.stalled();
                }
                continue;
            }
            if (n < 0) {
                replay.receiveEof();
                return;
            }
            quietSince = System.nanoTime();
            replay.receive(ByteBuffer.wrap(buf, 0, n));
        }
    }
}
