package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files of {@linkplain StagedUpload staged uploads}: their names, the ones live in
 * this JVM, their removal when the JVM is stopped (SIGTERM, SIGINT, SIGHUP run shutdown hooks),
 * and the removal of ones a crashed server (kill -9, power loss) left behind.
 *
 * <p>A temp file is named {@code .sshwire-upload-<pid>-<start>-<random>-<target>}: the process
 * that wrote it (pid and start time, so a reused pid is told apart) and, for a person listing the
 * directory, the start of the target's name. A file is removed as stale only when <em>all</em>
 * of these hold, so a user's own file is never touched: the name matches that pattern exactly,
 * it is a regular file (not followed through a symlink), it is owned by the user this server
 * runs as, and its writer is gone — a pid that no longer runs, or runs with another start time,
 * or this very process when the file is not one of its live uploads. When in doubt (no start
 * time known, not a unix file system) the file is kept.
 */
public final class UploadTempFiles {
    private static final System.Logger LOG = System.getLogger(UploadTempFiles.class.getName());
    public static final String PREFIX = ".sshwire-upload-";
    private static final Pattern NAME = Pattern.compile("\\.sshwire-upload-([0-9]{1,10})-([0-9a-z]{1,13})-([0-9a-z]{1,13})-.*",
            Pattern.DOTALL);
    /** Characters of the target's name kept in the temp name: at most 4 bytes each, so it stays far below NAME_MAX. */
    private static final int TARGET_CHARS = 40;
    /** Start times of one process, as two JVMs compute them, may differ by the kernel's clock-tick rounding. */
    private static final long START_TOLERANCE_MILLIS = 2_000;

    private static final long PID = ProcessHandle.current().pid();
    private static final long START = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<StagedUpload> LIVE = ConcurrentHashMap.newKeySet();
    /** File names of {@link #LIVE} (unique by their random part), compared by name so any spelling of the directory matches. */
    private static final Set<String> LIVE_NAMES = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private UploadTempFiles() {
    }

    /**
     * A new, empty temp file beside {@code target}, readable and writable by us alone until the
     * upload sets its mode. Its name counts as live from before it exists, so a concurrent
     * {@link #sweep} never takes it for a stale one; {@link #register} or {@link #forget} follows.
     */
    public static Path create(Path target) throws IOException {
        String name = target.getFileName().toString();
        if (name.length() > TARGET_CHARS) {
            name = name.substring(0, TARGET_CHARS);
        }
        Path dir = target.getParent();
        var perms = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new java.nio.file.attribute.FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new java.nio.file.attribute.FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            String tempName = PREFIX + PID + "-" + Long.toString(START, 36) + "-"
                    + Long.toString(RANDOM.nextLong() >>> 1, 36) + "-" + name;
            LIVE_NAMES.add(tempName);
            try {
                return Files.createFile(dir.resolve(tempName), perms); // O_CREAT|O_EXCL: never an existing file
            } catch (java.nio.file.FileAlreadyExistsException e) {
                LIVE_NAMES.remove(tempName);
                if (attempt == 10) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                LIVE_NAMES.remove(tempName);
                throw e;
            }
        }
    }

    /** {@code temp}, from {@link #create}, is an upload in progress until {@link #unregister}. */
    static void register(StagedUpload u) {
        installHook();
        LIVE.add(u);
    }

    /** The upload is over (committed or discarded); its temp file no longer exists. */
    static void unregister(StagedUpload u) {
        LIVE.remove(u);
        forget(u.tempPath());
    }

    /** A temp file from {@link #create} that never became an upload (and has been deleted). */
    public static void forget(Path temp) {
        LIVE_NAMES.remove(temp.getFileName().toString());
    }

    /** Uploads in progress in this JVM (for tests and diagnostics). */
    static int live() {
        return LIVE.size();
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (UploadTempFiles.class) {
            if (!hookInstalled) {
                // A stopped server leaves no temp file behind and commits nothing half-done: each
                // unfinished upload is aborted (its target untouched); one being committed finishes first.
                Runtime.getRuntime().addShutdownHook(new Thread(UploadTempFiles::abortAll, "sshwire-sftp-upload-cleanup"));
                hookInstalled = true;
            }
        }
    }

    /** Aborts every upload in progress in this JVM. */
    static void abortAll() {
        for (StagedUpload u : LIVE.toArray(new StagedUpload[0])) {
            try {
                u.abort();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not remove upload temp file " + u.tempPath(), e);
            }
        }
    }

    /**
     * Removes the stale temp files directly in {@code dir} (see the class comment for what counts
     * as stale). Best effort: a directory that cannot be listed is left alone. Returns the count.
     */
    public static int sweep(Path dir) {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return 0; // no owner to check; an in-memory file system has no crash to recover from anyway
        }
        Optional<Integer> us = ourUid();
        if (us.isEmpty()) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : s) {
                if (isStale(p, us.get())) {
                    try {
                        Files.deleteIfExists(p);
                        removed++;
                        LOG.log(System.Logger.Level.INFO, "removed stale upload temp file {0}", p);
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.DEBUG, "could not remove stale upload temp file " + p, e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not look for stale upload temp files in " + dir, e);
        }
        return removed;
    }

    private static boolean isStale(Path p, int ourUid) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return false;
        }
        try {
            var a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            if ((mode & 0170000) != 0100000 || (Integer) a.get("uid") != ourUid) {
                return false; // not a regular file, or not ours
            }
        } catch (IOException e) {
            return false;
        }
        long pid;
        long start;
        try {
            pid = Long.parseLong(m.group(1));
            start = Long.parseLong(m.group(2), 36);
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == PID && Math.abs(start - START) <= START_TOLERANCE_MILLIS) {
            return !LIVE_NAMES.contains(p.getFileName().toString()); // ours: stale unless an upload of this JVM is writing it
        }
        Optional<ProcessHandle> writer = ProcessHandle.of(pid);
        if (writer.isEmpty() || !writer.get().isAlive()) {
            return true;
        }
        Optional<Instant> writerStart = writer.get().info().startInstant();
        if (writerStart.isEmpty() || start == 0) {
            return false; // cannot tell a reused pid from the writer: keep
        }
        return Math.abs(writerStart.get().toEpochMilli() - start) > START_TOLERANCE_MILLIS;
    }

    /** The effective uid of this process (Linux: the owner of /proc/self), if it can be known. */
    public static Optional<Integer> ourUid() {
        try {
            return Optional.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
