package org.sshwire.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.sshwire.transport.KeyLog;

/** A {@link KeyLog} that appends its lines to a file, as {@code --keylog FILE} asks. */
final class KeyLogAppender {
    private KeyLogAppender() {
    }

    static KeyLog to(Path file) {
        return line -> {
            synchronized (KeyLogAppender.class) { // one line at a time from concurrent connections
                try {
                    Files.writeString(file, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
