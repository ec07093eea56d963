package org.sshwire.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.channel.ChannelTap;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * Session audit: a server that records every byte of every channel, both ways, into a
 * transcript file as the sessions run (what users typed and what the commands printed).
 *
 * <p>Usage: {@code SessionRecorder PORT HOST_KEY AUTHORIZED_KEYS TRANSCRIPT}
 */
public final class SessionRecorder {
    private SessionRecorder() {
    }

    public static void main(String[] args) throws Exception {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        Path authorizedKeys = Path.of(args[2]);
        OutputStream transcript = Files.newOutputStream(Path.of(args[3]), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        // Called on I/O and handler threads: keep it short and thread-safe.
        ChannelTap recorder = (channel, direction, stream, data) -> {
            String head = String.format("[%s %s channel %d %s] ", channel.connection().user(),
                    channel.type(), channel.id(), direction == ChannelTap.Direction.FROM_PEER ? "in" : stream == 1 ? "err" : "out");
            synchronized (transcript) {
                try {
                    transcript.write(head.getBytes(StandardCharsets.UTF_8));
                    data.writeTo(transcript);
                    transcript.write('\n');
                    transcript.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        SshServer server = SshServer.builder()
                .listen("127.0.0.1", Integer.parseInt(args[0]))
                .hostKeyFile(Path.of(args[1]))
                .auth(ServerAuthPolicy.builder()
                        .publicKeys(AuthorizedKeysVerifier.files(user -> authorizedKeys, crypto))
                        .build())
                .handler(ProcessHandler.asServerAccount())
                .tap(recorder)
                .build()
                .start();
        Serving.untilStopped(server);
    }
}
