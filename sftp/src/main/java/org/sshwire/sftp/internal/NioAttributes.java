package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.StatVfs;
import org.sshwire.sftp.StatusCode;

/**
 * Converts between java.nio.file attributes and SFTP ATTRS (draft-ietf-secsh-filexfer-02 §5)
 * for one file system, whatever views its provider offers:
 * <ul>
 * <li>the file type comes from {@link BasicFileAttributes} (regular, directory, link, other),
 *     which every provider has; only for "other" (device, fifo, socket) is a {@code unix:mode}
 *     asked which kind — Jimfs' {@code unix:mode}, unlike the host's, carries no type bits;
 * <li>permission bits from {@code unix:mode} (with set-id and sticky bits) or the {@code posix}
 *     view; a provider with neither gets what OpenSSH's sftp-server would show for a file system
 *     without a permission model (0755 directories, 0644 files, 0777 links) and refuses chmod;
 * <li>owners: the host's file system sends the real uid/gid, named from /etc/passwd and
 *     /etc/group ({@link HostAccounts}); other providers' owner names are numbered
 *     ({@link ProviderAccounts}) and named back from that table.
 * </ul>
 * Instances are thread-safe; {@link #of} gives one per file system (callers keep it).
 */
public final class NioAttributes {
    private static final NioAttributes HOST = new NioAttributes(FileSystems.getDefault());

    /** What one listing or stat reads with the unix view, in one stat(2) on the host. */
    private static final String UNIX_STAT =
            "unix:size,uid,gid,mode,lastAccessTime,lastModifiedTime,isRegularFile,isDirectory,isSymbolicLink,isOther";

    private final boolean unix;
    private final boolean posix;
    private final boolean owner;
    /** Whether ids are the host's own (the default provider): names from HostAccounts. */
    private final boolean hostIds;
    private final ProviderAccounts accounts;

    private NioAttributes(FileSystem fs) {
        Set<String> views = fs.supportedFileAttributeViews();
        this.unix = views.contains("unix");
        this.posix = views.contains("posix");
        this.owner = views.contains("owner") || posix;
        this.hostIds = fs == FileSystems.getDefault() && unix;
        this.accounts = hostIds ? null : new ProviderAccounts();
    }

    /**
     * The converter for {@code fs}: one shared instance for the host's file system, a new one
     * (with its own owner numbering) for any other.
     */
    public static NioAttributes of(FileSystem fs) {
        return fs == FileSystems.getDefault() ? HOST : new NioAttributes(fs);
    }

    static LinkOption[] options(boolean follow) {
        return follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    /** A directory entry's ATTRS, link count and owner names (for its longname). */
    public record Listed(FileAttributes attrs, long nlink, String user, String group) {
    }

    /** Size, owner, type and permission bits and times, as OpenSSH's stat_to_attrib fills them. */
    public FileAttributes read(Path p, boolean follow) throws IOException {
        return readListed(p, follow, false).attrs();
    }

    /**
     * What READDIR needs of one entry, not following a symlink; on the host a single lstat(2)
     * (two reads would cost two stats and two attribute maps per name).
     */
    public Listed readListed(Path p) throws IOException {
        return readListed(p, false, true);
    }

    private Listed readListed(Path p, boolean follow, boolean listing) throws IOException {
        LinkOption[] opts = options(follow);
        if (unix) {
            String names = hostIds ? "" : owner ? ",owner,group" : "";
            Map<String, Object> a = Files.readAttributes(p, UNIX_STAT + (listing ? ",nlink" : "") + names, opts);
            long mode = ((Integer) a.get("mode")) & 0xffffffffL;
            long type = type((Boolean) a.get("isRegularFile"), (Boolean) a.get("isDirectory"),
                    (Boolean) a.get("isSymbolicLink"), mode);
            long uid = ((Integer) a.get("uid")) & 0xffffffffL;
            long gid = ((Integer) a.get("gid")) & 0xffffffffL;
            FileAttributes attrs = FileAttributes.EMPTY.withSize((Long) a.get("size"))
                    .withOwner(uid, gid)
                    .withPermissions(type | (mode & 07777))
                    .withTimes(seconds((FileTime) a.get("lastAccessTime")), seconds((FileTime) a.get("lastModifiedTime")));
            long nlink = listing ? ((Integer) a.get("nlink")) & 0xffffffffL : 1;
            if (hostIds) {
                return listing ? new Listed(attrs, nlink, HostAccounts.get().user(uid), HostAccounts.get().group(gid))
                        : new Listed(attrs, nlink, "", "");
            }
            String user = a.get("owner") instanceof UserPrincipal u ? u.getName() : "";
            String group = a.get("group") instanceof GroupPrincipal g ? g.getName() : "";
            if (!user.isEmpty()) {
                accounts.rememberUser(uid, user);
            }
            if (!group.isEmpty()) {
                accounts.rememberGroup(gid, group);
            }
            return new Listed(attrs, nlink, user.isEmpty() ? accounts.userName(uid) : user,
                    group.isEmpty() ? accounts.groupName(gid) : group);
        }
        if (posix) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, opts);
            FileAttributes attrs = basic(a, toBits(a.permissions()));
            String user = a.owner() == null ? "" : a.owner().getName();
            String group = a.group() == null ? "" : a.group().getName();
            long uid = user.isEmpty() ? -1 : accounts.userId(user);
            long gid = group.isEmpty() ? -1 : accounts.groupId(group);
            if (uid >= 0 && gid >= 0) {
                attrs = attrs.withOwner(uid, gid);
            }
            return new Listed(attrs, 1, user, group);
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, opts);
        long perms = a.isDirectory() ? 0755 : a.isSymbolicLink() ? 0777 : 0644;
        String user = owner ? Files.getOwner(p, opts).getName() : "";
        return new Listed(basic(a, perms), 1, user, "");
    }

    private static FileAttributes basic(BasicFileAttributes a, long perms) {
        long type = type(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), 0);
        return FileAttributes.EMPTY.withSize(a.size()).withPermissions(type | perms)
                .withTimes(seconds(a.lastAccessTime()), seconds(a.lastModifiedTime()));
    }

    /**
     * The S_IFMT bits: from the basic attributes every provider has; for "other" files the
     * mode's own type bits when it has them (the host's: device, fifo, socket), else none.
     */
    private static long type(boolean regular, boolean directory, boolean link, long mode) {
        if (directory) {
            return FileAttributes.S_IFDIR;
        }
        if (link) {
            return FileAttributes.S_IFLNK;
        }
        if (regular) {
            return FileAttributes.S_IFREG;
        }
        return mode & FileAttributes.S_IFMT;
    }

    private static long seconds(FileTime t) {
        long s = t.to(java.util.concurrent.TimeUnit.SECONDS);
        return Math.max(0, Math.min(0xffffffffL, s));
    }

    /** users-groups-by-id and long names: the name of {@code uid} on this file system, or "". */
    public String userName(long uid) {
        return hostIds ? HostAccounts.get().user(uid) : accounts.userName(uid);
    }

    public String groupName(long gid) {
        return hostIds ? HostAccounts.get().group(gid) : accounts.groupName(gid);
    }

    /**
     * Applies the fields present, in OpenSSH's order: size, permissions, times, owner. As
     * OpenSSH's process_setstat, a field that fails does not stop the others; the last failure
     * is thrown after all were tried.
     */
    public void write(Path p, FileAttributes a, boolean follow) throws IOException {
        LinkOption[] opts = options(follow);
        IOException failure = null;
        if (a.has(FileAttributes.SIZE)) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                setSize(ch, a.size());
            } catch (IOException e) {
                failure = e;
            }
        }
        if (a.has(FileAttributes.PERMISSIONS)) {
            try {
                setPermissions(p, a.permissions(), opts);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (a.has(FileAttributes.ACMODTIME)) {
            try {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, opts).setTimes(
                        FileTime.from(Instant.ofEpochSecond(a.mtime())), FileTime.from(Instant.ofEpochSecond(a.atime())), null);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (a.has(FileAttributes.UIDGID)) {
            try {
                setOwner(p, a.uid(), a.gid(), opts);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void setPermissions(Path p, long mode, LinkOption[] opts) throws IOException {
        if (hostIds) {
            Files.setAttribute(p, "unix:mode", (int) (mode & 07777), opts); // chmod(2), set-id and sticky bits too
            return;
        }
        if (posix) {
            // Jimfs' unix:mode is read-only: the posix view is the settable one (no set-id bits).
            Files.getFileAttributeView(p, PosixFileAttributeView.class, opts).setPermissions(fromBits(mode));
            return;
        }
        throw new SftpException(StatusCode.OP_UNSUPPORTED, "this file system has no permissions");
    }

    private void setOwner(Path p, long uid, long gid, LinkOption[] opts) throws IOException {
        if (hostIds) {
            Files.setAttribute(p, "unix:uid", (int) uid, opts);
            Files.setAttribute(p, "unix:gid", (int) gid, opts);
            return;
        }
        if (!owner) {
            throw new SftpException(StatusCode.OP_UNSUPPORTED, "this file system has no owners");
        }
        // Only ids this file system numbered have names to give (ProviderAccounts); check both first.
        String user = accounts.userName(uid);
        String group = accounts.groupName(gid);
        if (user.isEmpty() || group.isEmpty()) {
            throw new SftpException(StatusCode.FAILURE, user.isEmpty() ? "no user with id " + uid : "no group with id " + gid);
        }
        var lookup = p.getFileSystem().getUserPrincipalLookupService();
        Files.getFileAttributeView(p, FileOwnerAttributeView.class, opts).setOwner(lookup.lookupPrincipalByName(user));
        if (!posix) {
            throw new SftpException(StatusCode.OP_UNSUPPORTED, "this file system has no groups");
        }
        Files.getFileAttributeView(p, PosixFileAttributeView.class, opts).setGroup(lookup.lookupPrincipalByGroupName(group));
    }

    /**
     * Gives {@code copy} the permissions, owner and group of {@code original}, as far as this
     * provider stores them (the host's are handled by the caller, which must check who may own
     * what). Used for an upload's temp file on file systems other than the host's.
     */
    public void copyOwnerAndMode(Path original, Path copy) throws IOException {
        if (posix) {
            PosixFileAttributes a = Files.readAttributes(original, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributeView v = Files.getFileAttributeView(copy, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            v.setPermissions(a.permissions());
            v.setOwner(a.owner());
            v.setGroup(a.group());
        } else if (owner) {
            Files.setOwner(copy, Files.getOwner(original, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** Whether files can be created with POSIX permissions (a {@code posix} view). */
    public boolean hasPosixPermissions() {
        return posix;
    }

    /** Whether ids are the host's (real uids and gids, settable through the unix view). */
    public boolean hostIds() {
        return hostIds;
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
     * Unknown names are shown as the number, as ls_file does.
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
