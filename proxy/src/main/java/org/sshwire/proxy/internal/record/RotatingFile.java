package org.sshwire.proxy.internal.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A text file of lines written as they come and flushed at once (a crash loses nothing written),
 * with a size cap: a line that would take the file past it first moves the file aside
 * ({@code name.1}, the older ones shifted up to {@code name.KEEP}, the oldest dropped) and starts a
 * new one with {@code header}'s line, if any. Each line is one append (O_APPEND, unbuffered).
 *
 * <p>A {@linkplain #shared shared} file (the audit log, which every bastion instance with the same
 * record directory appends to) coordinates through an advisory lock on {@code name.lock}, taken
 * for each line: under it the size is the file's real size, whoever wrote it, a file another
 * instance has moved aside is left for the new one first, and only one instance rotates.
 */
final class RotatingFile implements AutoCloseable {
    /** One holder per path in this JVM: a FileLock is per process, so threads must queue before it. */
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Supplier<String> header;
    private final FileChannel lock;
    private OutputStream out;
    private Object openedKey;
    private long size;

    RotatingFile(Path file, long maxBytes, int keep, Supplier<String> header) throws IOException {
        this(file, maxBytes, keep, header, false);
    }

    private RotatingFile(Path file, long maxBytes, int keep, Supplier<String> header, boolean shared) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.header = header;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.lock = shared ? FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE) : null;
        if (shared) {
            synchronized (inProcess()) {
                try (FileLock l = lock.lock()) {
                    open();
                }
            }
        } else {
            open();
        }
    }

    /** A file several processes append to and rotate (see the class comment). */
    static RotatingFile shared(Path file, long maxBytes, int keep) throws IOException {
        return new RotatingFile(file, maxBytes, keep, null, true);
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        openedKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        size = Files.size(file);
        if (size == 0 && header != null) {
            writeLine(header.get());
        }
    }

    synchronized void line(String line) throws IOException {
        if (out == null) {
            return;
        }
        if (lock == null) {
            append(line);
            return;
        }
        synchronized (inProcess()) {
            try (FileLock l = lock.lock()) {
                Object now = Files.exists(file) ? Files.readAttributes(file, BasicFileAttributes.class).fileKey() : null;
                if (now == null || !now.equals(openedKey)) {
                    out.close(); // another instance moved our file aside: write to the new one
                    open();
                }
                size = Files.size(file);
                append(line);
            }
        }
    }

    private Object inProcess() {
        return IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
    }

    private void append(String line) throws IOException {
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
        if (lock != null) {
            lock.close();
        }
    }
}
