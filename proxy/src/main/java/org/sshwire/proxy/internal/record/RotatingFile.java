package org.sshwire.proxy.internal.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * A text file of lines written as they come and flushed at once (a crash loses nothing written),
 * with a size cap: a line that would take the file past it first moves the file aside
 * ({@code name.1}, the older ones shifted up to {@code name.KEEP}, the oldest dropped) and starts a
 * new one with {@code header}'s line, if any. Each line is one append (O_APPEND, unbuffered), so
 * instances that share a record directory write whole lines into one audit log.
 */
final class RotatingFile implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Supplier<String> header;
    private OutputStream out;
    private long size;

    RotatingFile(Path file, long maxBytes, int keep, Supplier<String> header) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.header = header;
        open();
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
        if (size == 0 && header != null) {
            writeLine(header.get());
        }
    }

    synchronized void line(String line) throws IOException {
        if (out == null) {
            return;
        }
        long len = line.getBytes(StandardCharsets.UTF_8).length + 1L;
        if (size > 0 && size + len > maxBytes) {
            rotate();
        }
        writeLine(line);
    }

    private void writeLine(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(b); // one write(2) of the whole line
        size += b.length;
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(sibling(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(sibling(i))) {
                Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep > 0) {
            Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
        open();
    }

    private Path sibling(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
