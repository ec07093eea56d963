package org.sshwire.sftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sshwire.sftp.internal.StagedUpload;
import org.sshwire.sftp.internal.NioAttributes;
import org.sshwire.sftp.internal.NioSftpFile;
import org.sshwire.sftp.internal.UploadTempFiles;
import org.sshwire.sftp.internal.RootJail;

/**
 * The standard {@link SftpFileSystem}: a directory of any {@link java.nio.file.FileSystem}
 * (the default one, or an in-memory one) served as "/", confined by {@link RootJail}.
 *
 * <p><b>Uploads never cost the user an existing file.</b> OpenSSH's {@code put} (and scp, and
 * most clients) sends OPEN with WRITE|CREAT|TRUNC. When that names an existing regular file, the
 * data goes to a temp file in the same directory ({@link StagedUpload}), which replaces the
 * target by an atomic rename only on a clean CLOSE, after fsync. A failed WRITE, a full disk, a
 * session that ends without CLOSE (client killed) and a server that is stopped all leave the
 * old file exactly as it was and remove the temp file; temp files a crash left behind are
 * removed at start (the start directory) and before the next upload into their directory
 * ({@link UploadTempFiles} says which files count as ours). The rules, and why:
 * <ul>
 * <li>Only a truncating open (TRUNC without EXCL) of an existing regular file is staged. The
 *     client has said the old content is not wanted, so nobody can tell the difference until
 *     CLOSE — except that a failure no longer destroys it. An OPEN with WRITE but without TRUNC
 *     (reput/resume at an offset, APPEND, random-access writes, clients that open without TRUNC
 *     and cut the size afterwards) is the client relying on the existing bytes and writes in
 *     place, as OpenSSH's sftp-server does; staging it would mean copying the whole file first.
 * <li>A new file is written in place, so a broken upload leaves the partial file that
 *     {@code reput} resumes (OpenSSH behaves the same); it is not fsynced (neither is OpenSSH's;
 *     {@code put -f} asks for fsync@openssh.com).
 * <li>Symlinks are written through: the final link is resolved and the file it points to is
 *     replaced beside itself, so the link stays a link.
 * <li>A target with several hard links is replaced as one name: this name gets the new content,
 *     the other names keep the old. Writing through instead would change a hard-link backup
 *     snapshot (rsnapshot, {@code cp -al}) through the name being uploaded to — and could not
 *     be atomic. (OpenSSH's in-place O_TRUNC writes through.)
 * <li>The new file keeps the old one's mode, group and (when we run as root) owner. When that
 *     is impossible — the file belongs to another user and we are not root, or its group is one
 *     we cannot give — or the directory is not writable (only the file is), the upload is written
 *     in place as OpenSSH does, since replacing the file would change who owns it or cannot be
 *     done. A file we may not write is opened in place too, so the client gets OpenSSH's
 *     permission error rather than a rename that replaces a read-only file.
 * </ul>
 *
 * <pre>{@code
 * SftpFileSystem fs = RootedFileSystem.at(Path.of("/srv/sftp"));
 * SftpFileSystem ro = RootedFileSystem.builder(Path.of("/srv/sftp")).startDirectory("/pub").umask(022).build();
 * }</pre>
 */
public final class RootedFileSystem implements SftpFileSystem {
    private static final System.Logger LOG = System.getLogger(RootedFileSystem.class.getName());
    private final RootJail jail;
    /** Attributes as this root's provider has them (the host's, Jimfs' unix, posix or basic views). */
    private final NioAttributes attributes;
    private final int umask;
    /** Directories already searched for stale upload temp files (each at most once per instance). */
    private final Set<Path> swept = ConcurrentHashMap.newKeySet();

    private RootedFileSystem(Path realRoot, String startDirectory, int umask) {
        this.jail = new RootJail(realRoot, startDirectory);
        this.attributes = NioAttributes.of(realRoot.getFileSystem());
        this.umask = umask;
    }

    /** Removes the temp files a crashed server left in the start directory (UploadTempFiles). */
    private void sweepStartDirectory() {
        try {
            Path start = jail.resolve(jail.startDirectory(), true).real();
            if (swept.add(start)) {
                UploadTempFiles.sweep(start);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no stale-upload sweep of the start directory", e);
        }
    }

    /** A file system rooted at {@code root} (which must exist), starting at "/". */
    public static RootedFileSystem at(Path root) throws IOException {
        return builder(root).build();
    }

    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** Options for {@link RootedFileSystem}. */
    public static final class Builder {
        private final Path root;
        private String startDirectory = "/";
        private int umask = 022;

        private Builder(Path root) {
            this.root = root;
        }

        /** The client's initial directory (inside the root), for relative paths and "~". */
        public Builder startDirectory(String dir) {
            this.startDirectory = dir;
            return this;
        }

        /** Mode bits cleared from files and directories the client creates (default 022). */
        public Builder umask(int mask) {
            this.umask = mask & 0777;
            return this;
        }

        public RootedFileSystem build() throws IOException {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IOException("not a directory: " + root);
            }
            RootedFileSystem fs = new RootedFileSystem(real, startDirectory, umask);
            fs.sweepStartDirectory();
            return fs;
        }
    }

    /** The real root directory. */
    public Path root() {
        return jail.root();
    }

    private RootJail.Resolved resolve(String path, boolean followLast) throws IOException {
        return jail.resolve(path, followLast);
    }

    @Override
    public File open(String path, int pflags, FileAttributes attrs) throws IOException {
        RootJail.Resolved r = resolve(path, true);
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        boolean write = (pflags & (OpenFlags.WRITE | OpenFlags.APPEND)) != 0;
        if ((pflags & OpenFlags.READ) != 0 || !write) {
            opts.add(StandardOpenOption.READ);
        }
        if (write) {
            opts.add(StandardOpenOption.WRITE);
        }
        boolean append = write && (pflags & OpenFlags.APPEND) != 0;
        if (append && !opts.contains(StandardOpenOption.READ)) {
            opts.add(StandardOpenOption.APPEND); // O_APPEND, as OpenSSH's flags_from_portable
        }
        FileAttribute<?>[] perms = createPermissions(attrs, 0666);
        if ((pflags & OpenFlags.CREAT) != 0) {
            opts.add((pflags & OpenFlags.EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        boolean trunc = (pflags & OpenFlags.TRUNC) != 0;
        if (write && opts.contains(StandardOpenOption.CREATE) && likelyAbsent(r.real())) {
            // Most uploads name a new file: create it at once (O_CREAT|O_EXCL|O_NOFOLLOW) instead of
            // probing the name with two failed stat(2)s, each a Java exception. Anything that is
            // there after all — a dangling symlink, a file created meanwhile — fails with EEXIST
            // and takes the general path below, unchanged.
            Set<OpenOption> fresh = new HashSet<>(opts);
            fresh.remove(StandardOpenOption.CREATE);
            fresh.add(StandardOpenOption.CREATE_NEW);
            try {
                return new NioSftpFile(FileChannel.open(r.real(), fresh, perms), r.real(), attributes, append,
                        fresh.contains(StandardOpenOption.APPEND));
            } catch (java.nio.file.FileAlreadyExistsException exists) {
                // fall through
            }
        }
        if (write && trunc && !append && (pflags & OpenFlags.EXCL) == 0
                && Files.isRegularFile(r.real(), LinkOption.NOFOLLOW_LINKS) && Files.isWritable(r.real())) {
            File staged = stagedUpload(r.real(), opts);
            if (staged != null) {
                return staged;
            }
        }
        if (trunc) {
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (Files.isDirectory(r.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new SftpException(StatusCode.FAILURE, "Is a directory");
        }
        return new NioSftpFile(FileChannel.open(r.real(), opts, perms), r.real(), attributes, append,
                opts.contains(StandardOpenOption.APPEND));
    }

    /**
     * Whether nothing (or only a dangling symlink) has this name, asked without an exception:
     * {@code java.io.File.exists} is one stat(2) returning false, where {@code Files.exists} on
     * Java 17 throws and catches a NoSuchFileException when there is nothing. Other file system
     * providers (in-memory ones) have no {@code File} and answer false, keeping the general path.
     */
    private static boolean likelyAbsent(Path p) {
        return p.getFileSystem() == java.nio.file.FileSystems.getDefault() && !p.toFile().exists();
    }

    /**
     * The target exists and the client truncates it: a temp file beside it with its mode and
     * group, committed on close (class comment). Null when the file cannot be replaced keeping
     * its owner and group, or the directory is not writable: the caller then writes in place.
     */
    private File stagedUpload(Path target, Set<OpenOption> opts) throws IOException {
        Path dir = target.getParent();
        if (swept.add(dir)) {
            UploadTempFiles.sweep(dir);
        }
        Path temp;
        try {
            temp = UploadTempFiles.create(target);
        } catch (java.nio.file.AccessDeniedException e) {
            LOG.log(System.Logger.Level.DEBUG, "directory not writable, writing {0} in place", target);
            return null;
        }
        try {
            int owner = takeOwnership(target, temp);
            if (owner == NOT_REPLACEABLE) {
                Files.deleteIfExists(temp);
                UploadTempFiles.forget(temp);
                return null;
            }
            Set<OpenOption> tempOpts = new HashSet<>(opts);
            tempOpts.remove(StandardOpenOption.CREATE_NEW);
            tempOpts.remove(StandardOpenOption.CREATE);
            return new StagedUpload(FileChannel.open(temp, tempOpts), temp, target, owner, attributes);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            UploadTempFiles.forget(temp);
            throw e;
        }
    }

    private static final int NOT_REPLACEABLE = -2;

    /**
     * Gives {@code temp} the target's group and mode (group first: chown(2) clears set-id bits).
     * Returns the owner to set at commit (-1: already ours), or {@link #NOT_REPLACEABLE}. On a
     * file system other than the host's (in memory) there is no identity of ours to compare:
     * the temp file simply takes the target's permissions, owner and group.
     */
    private int takeOwnership(Path target, Path temp) throws IOException {
        if (!attributes.hostIds()) {
            attributes.copyOwnerAndMode(target, temp);
            return -1;
        }
        var t = Files.readAttributes(target, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        var ours = Files.readAttributes(temp, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        int owner = -1;
        if (!t.get("uid").equals(ours.get("uid"))) {
            if ((Integer) ours.get("uid") != 0) {
                LOG.log(System.Logger.Level.DEBUG, "{0} belongs to another user: writing it in place", target);
                return NOT_REPLACEABLE;
            }
            owner = (Integer) t.get("uid");
        }
        if (!t.get("gid").equals(ours.get("gid"))) {
            try {
                Files.setAttribute(temp, "unix:gid", t.get("gid"), LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.FileSystemException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot give the new file the group of {0}: writing it in place", target);
                return NOT_REPLACEABLE;
            }
        }
        Files.setAttribute(temp, "unix:mode", (Integer) t.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
        return owner;
    }

    private FileAttribute<?>[] createPermissions(FileAttributes attrs, int defaultMode) {
        if (!attributes.hasPosixPermissions()) {
            return new FileAttribute<?>[0]; // a provider without permissions (Jimfs' basic) refuses the attribute
        }
        long mode = attrs.has(FileAttributes.PERMISSIONS) ? attrs.permissions() & 0777 : defaultMode;
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(NioAttributes.fromBits(mode & ~umask))};
    }

    @Override
    public Directory openDirectory(String path) throws IOException {
        RootJail.Resolved r = resolve(path, true);
        if (!Files.isDirectory(r.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new SftpException(StatusCode.NO_SUCH_FILE);
        }
        DirectoryStream<Path> stream = Files.newDirectoryStream(r.real());
        Iterator<Path> it = stream.iterator();
        return new Directory() {
            private boolean dotsSent;

            @Override
            public List<NameEntry> read(int max) throws IOException {
                List<NameEntry> out = new ArrayList<>();
                long now = System.currentTimeMillis() / 1000;
                if (!dotsSent) {
                    // readdir(3) returns "." and ".." and OpenSSH's server passes them on.
                    dotsSent = true;
                    out.add(entry(".", r.real(), now));
                    out.add(entry("..", r.components().isEmpty() ? r.real() : r.real().getParent(), now));
                }
                while (out.size() < max && it.hasNext()) {
                    Path p = it.next();
                    try {
                        out.add(entry(p.getFileName().toString(), p, now));
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // deleted while listing: skip, as readdir would
                    }
                }
                return out;
            }

            private NameEntry entry(String name, Path p, long now) throws IOException {
                NioAttributes.Listed l = attributes.readListed(p); // on the host one lstat(2): ATTRS, link count
                return new NameEntry(name, NioAttributes.longName(name, l.attrs(), l.user(), l.group(), l.nlink(), now),
                        l.attrs());
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public FileAttributes stat(String path) throws IOException {
        return attributes.read(resolve(path, true).real(), false);
    }

    @Override
    public FileAttributes lstat(String path) throws IOException {
        return attributes.read(resolve(path, false).real(), false);
    }

    @Override
    public void setStat(String path, FileAttributes attrs) throws IOException {
        attributes.write(resolve(path, true).real(), attrs, false);
    }

    @Override
    public void lsetStat(String path, FileAttributes attrs) throws IOException {
        attributes.write(resolve(path, false).real(), attrs, false);
    }

    @Override
    public void remove(String path) throws IOException {
        RootJail.Resolved r = resolve(path, false);
        if (Files.isDirectory(r.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new SftpException(StatusCode.FAILURE, "Is a directory"); // unlink(2): EISDIR
        }
        Files.delete(r.real());
    }

    @Override
    public void mkdir(String path, FileAttributes attrs) throws IOException {
        Files.createDirectory(resolve(path, false).real(), createPermissions(attrs, 0777));
    }

    @Override
    public void rmdir(String path) throws IOException {
        RootJail.Resolved r = resolve(path, false);
        if (r.components().isEmpty() || !Files.isDirectory(r.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new SftpException(r.components().isEmpty() ? StatusCode.FAILURE : StatusCode.NO_SUCH_FILE);
        }
        Files.delete(r.real());
    }

    @Override
    public String realPath(String path) throws IOException {
        return resolve(path.isEmpty() ? "." : path, true).virtual();
    }

    @Override
    public String readLink(String path) throws IOException {
        RootJail.Resolved r = resolve(path, false);
        if (!Files.isSymbolicLink(r.real())) {
            throw new SftpException(StatusCode.FAILURE, "Not a symbolic link"); // readlink(2): EINVAL
        }
        return jail.revealLinkTarget(r);
    }

    @Override
    public void rename(String oldPath, String newPath) throws IOException {
        RootJail.Resolved from = resolve(oldPath, false);
        RootJail.Resolved to = resolve(newPath, false);
        if (Files.exists(to.real(), LinkOption.NOFOLLOW_LINKS)) {
            throw new SftpException(StatusCode.FAILURE); // draft §6.5: an error if newpath exists
        }
        Files.move(from.real(), to.real(), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void posixRename(String oldPath, String newPath) throws IOException {
        Files.move(resolve(oldPath, false).real(), resolve(newPath, false).real(),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void symlink(String targetPath, String linkPath) throws IOException {
        RootJail.Resolved link = resolve(linkPath, false);
        List<String> dir = link.components().subList(0, Math.max(0, link.components().size() - 1));
        String stored = jail.checkLinkTarget(targetPath, new RootJail.Resolved(link.real().getParent(), dir));
        Files.createSymbolicLink(link.real(), link.real().getFileSystem().getPath(stored));
    }

    @Override
    public void hardlink(String oldPath, String newPath) throws IOException {
        RootJail.Resolved existing = resolve(oldPath, false);
        Files.createLink(resolve(newPath, false).real(), existing.real());
    }

    @Override
    public StatVfs statVfs(String path) throws IOException {
        return NioAttributes.statVfsOf(resolve(path, true).real());
    }

    @Override
    public String expandPath(String path) throws IOException {
        if (path.equals("~") || path.startsWith("~/")) {
            path = jail.startDirectory() + path.substring(1);
        } else if (path.startsWith("~")) {
            throw new SftpException(StatusCode.FAILURE, "No such user"); // only our own home exists here
        }
        return realPath(path);
    }

    @Override
    public String homeDirectory(String user) {
        return jail.startDirectory();
    }

    @Override
    public String userName(long uid) {
        return attributes.userName(uid);
    }

    @Override
    public String groupName(long gid) {
        return attributes.groupName(gid);
    }
}
