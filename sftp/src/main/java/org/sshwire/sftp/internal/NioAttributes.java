package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.nio.file.FileStore;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.StatVfs;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.StatusCode;

/** Converts between java.nio.file attributes and SFTP ATTRS (draft-ietf-secsh-filexfer-02 §5). */
public final class NioAttributes {
    private NioAttributes() {
    }

    static LinkOption[] options(boolean follow) {
        return follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    /** Size, owner, full st_mode and times, as OpenSSH's stat_to_attrib fills them. */
    public static FileAttributes read(Path p, boolean follow) throws IOException {
        LinkOption[] opts = options(follow);
        if (p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return fromUnix(Files.readAttributes(p, "unix:size,uid,gid,mode,lastAccessTime,lastModifiedTime", opts));
        }
        // Other file systems (in-memory ones): POSIX view if there is one, else basic.
        var basic = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, opts);
        long type = basic.isDirectory() ? FileAttributes.S_IFDIR
                : basic.isSymbolicLink() ? FileAttributes.S_IFLNK : FileAttributes.S_IFREG;
        long perms = basic.isDirectory() ? 0755 : 0644;
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            perms = toBits(Files.readAttributes(p, PosixFileAttributes.class, opts).permissions());
        }
        return FileAttributes.EMPTY.withSize(basic.size()).withPermissions(type | perms)
                .withTimes(seconds(basic.lastAccessTime()), seconds(basic.lastModifiedTime()));
    }

    private static FileAttributes fromUnix(Map<String, Object> a) {
        return FileAttributes.EMPTY.withSize((Long) a.get("size"))
                .withOwner(((Integer) a.get("uid")) & 0xffffffffL, ((Integer) a.get("gid")) & 0xffffffffL)
                .withPermissions(((Integer) a.get("mode")) & 0xffffffffL)
                .withTimes(seconds((FileTime) a.get("lastAccessTime")), seconds((FileTime) a.get("lastModifiedTime")));
    }

    /** A directory entry's ATTRS and link count (for its longname). */
    public record Listed(FileAttributes attrs, long nlink) {
    }

    /**
     * What READDIR needs of one entry, not following a symlink, from a single lstat(2) where the
     * file system has the unix view (two reads cost two stats and two attribute maps per name).
     */
    public static Listed readListed(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            Map<String, Object> a = Files.readAttributes(p, "unix:size,uid,gid,mode,lastAccessTime,lastModifiedTime,nlink",
                    LinkOption.NOFOLLOW_LINKS);
            return new Listed(fromUnix(a), ((Integer) a.get("nlink")) & 0xffffffffL);
        }
        return new Listed(read(p, false), 1);
    }

    private static long seconds(FileTime t) {
        long s = t.to(java.util.concurrent.TimeUnit.SECONDS);
        return Math.max(0, Math.min(0xffffffffL, s));
    }

    /** Applies the fields present, in OpenSSH's order: size, permissions, times, owner. */
    public static void write(Path p, FileAttributes a, boolean follow) throws IOException {
        LinkOption[] opts = options(follow);
        if (a.has(FileAttributes.SIZE)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                setSize(ch, a.size());
            }
        }
        if (a.has(FileAttributes.PERMISSIONS)) {
            if (p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                Files.setAttribute(p, "unix:mode", (int) (a.permissions() & 07777), opts);
            } else {
                Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class, opts)
                        .setPermissions(fromBits(a.permissions()));
            }
        }
        if (a.has(FileAttributes.ACMODTIME)) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, opts).setTimes(
                    FileTime.from(Instant.ofEpochSecond(a.mtime())), FileTime.from(Instant.ofEpochSecond(a.atime())), null);
        }
        if (a.has(FileAttributes.UIDGID)) {
            Files.setAttribute(p, "unix:uid", (int) a.uid(), opts);
            Files.setAttribute(p, "unix:gid", (int) a.gid(), opts);
        }
    }

    /** truncate(2) semantics: shrink, or extend with zeros. */
    static void setSize(FileChannel ch, long size) throws IOException {
        if (size < 0) {
            throw new SftpException(StatusCode.BAD_MESSAGE);
        }
        if (size < ch.size()) {
            ch.truncate(size);
        } else if (size > ch.size()) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    static long toBits(Set<PosixFilePermission> perms) {
        long bits = 0;
        for (PosixFilePermission p : perms) {
            bits |= 0400 >> p.ordinal();
        }
        return bits;
    }

    public static Set<PosixFilePermission> fromBits(long bits) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((bits & (0400 >> p.ordinal())) != 0) {
                s.add(p);
            }
        }
        return s;
    }

    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd  yyyy", Locale.ROOT);

    /**
     * The {@code ls -l} line OpenSSH's sftp-server sends as longname (sftp-common.c ls_file):
     * mode string, link count, user, group, size, date (time if within six months), name.
     */
    public static String longName(String name, FileAttributes a, String user, String group, long nlink, long nowSeconds) {
        Instant mtime = Instant.ofEpochSecond(a.mtime());
        boolean recent = Math.abs(nowSeconds - a.mtime()) < 182L * 24 * 3600;
        String date = (recent ? RECENT : OLD).format(mtime.atZone(ZoneId.systemDefault()));
        return String.format(Locale.ROOT, "%s %3d %-8s %-8s %8d %s %s", FileAttributes.modeString(a.permissions()), nlink,
                user.isEmpty() ? Long.toString(a.uid()) : user, group.isEmpty() ? Long.toString(a.gid()) : group,
                a.size(), date, name);
    }

    /** statvfs@openssh.com for the file store holding {@code p} (NIO has no inode counts). */
    public static StatVfs statVfsOf(Path p) throws IOException {
        FileStore s = Files.getFileStore(p);
        long bs = 4096;
        try {
            bs = s.getBlockSize();
        } catch (UnsupportedOperationException ignored) {
            // keep 4 KiB
        }
        long flags = s.isReadOnly() ? StatVfs.ST_RDONLY : 0;
        return new StatVfs(bs, bs, s.getTotalSpace() / bs, s.getUnallocatedSpace() / bs, s.getUsableSpace() / bs,
                0, 0, 0, 0, flags, 255);
    }
}
