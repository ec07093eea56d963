package org.sshwire.transport.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small system file (/etc/passwd, /etc/shadow, /etc/group, /etc/nsswitch.conf) kept parsed
 * and read again only when it changed: each {@link #get} costs one stat(2), and the file is
 * parsed again when its inode, size or modification time differ from the last read. useradd,
 * usermod and vipw replace these files by renaming a new one over them (a new inode), and an
 * in-place edit moves the modification time, so a change is seen by the next call, as when the
 * file is read every time. The kernel stamps files with a coarse clock, so two writes of the same
 * size a few milliseconds apart can leave the same time: a file modified in the last
 * {@link #RECENT} is not kept, but read again at the next call (git's "racily clean" rule).
 *
 * <p>Reading the files at every login cost about 1 MiB of garbage per connection (a reader's
 * buffers and every line, several reads per login), which made the JVM grow its heap to about
 * 1 GiB while 10 000 connections opened (bench/README.md, "Idle memory").
 *
 * @param <T> the parsed form; it must not keep what it should not (shadow's password hashes)
 */
public final class ReloadingFile<T> {
    /** A file modified this recently may change again without its time moving. */
    static final Duration RECENT = Duration.ofSeconds(2);

    private final Path path;
    private final Function<List<String>, T> parser;
    private volatile Snapshot<T> last;

    private record Snapshot<T>(Object fileKey, long size, FileTime modified, T parsed) {
        boolean matches(BasicFileAttributes a) {
            return Objects.equals(fileKey, a.fileKey()) && size == a.size() && modified.equals(a.lastModifiedTime());
        }
    }

    /** {@code parser} gets the file's lines (UTF-8) and must not return null. */
    public ReloadingFile(Path path, Function<List<String>, T> parser) {
        this.path = Objects.requireNonNull(path, "path");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * The file's parsed content as it is now. Throws what reading it throws (missing, unreadable,
     * not UTF-8); nothing is kept then, and the next call tries again.
     */
    public T get() throws IOException {
        long now = System.currentTimeMillis();
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
        Snapshot<T> s = last;
        if (s != null && s.matches(before)) {
            return s.parsed();
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        T parsed = Objects.requireNonNull(parser.apply(lines), "parsed");
        // Kept only if the file did not change while it was read and was not modified just before.
        BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
        Snapshot<T> fresh = new Snapshot<>(before.fileKey(), before.size(), before.lastModifiedTime(), parsed);
        boolean settled = before.lastModifiedTime().toMillis() < now - RECENT.toMillis();
        last = settled && fresh.matches(after) ? fresh : null;
        return parsed;
    }

    public Path path() {
        return path;
    }
}
