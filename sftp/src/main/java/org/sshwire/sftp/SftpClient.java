package org.sshwire.sftp;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.sftp.internal.SftpRequestPipe;

/**
 * An SFTP v3 client over any stream pair: a subsystem channel, a process's pipes, a socket.
 * Every operation of draft-ietf-secsh-filexfer-02 and the OpenSSH extensions is a blocking
 * method; requests from many threads are pipelined over the one stream. Failures are
 * {@link SftpException}s carrying the server's SSH_FX_* status.
 *
 * <p><b>Null arguments.</b> Attributes given to a new file or directory ({@link #open},
 * {@link #mkdir}), {@link TransferOptions} and the id lists of {@link #usersGroupsById} may be
 * null, meaning none or the defaults. Every other argument is required: null throws a
 * {@link NullPointerException} naming the parameter, before anything is sent.
 *
 * <pre>{@code
 * try (SshClient ssh = SshClient.builder("alice").identity(key).connect("files.example", 22);
 *      SftpClient sftp = SftpClient.open(ssh)) {
 *     sftp.put(Path.of("report.pdf"), "incoming/report.pdf", null);
 *     for (NameEntry e : sftp.list("incoming")) System.out.println(e.longname());
 * }
 *
 * Process p = new ProcessBuilder("/usr/lib/openssh/sftp-server").start();
 * try (SftpClient sftp = SftpClient.open(p.getInputStream(), p.getOutputStream())) {
 *     sftp.put(Path.of("local.bin"), "remote.bin", TransferOptions.defaults());
 *     FileAttributes a = sftp.stat("remote.bin");
 * }
 * }</pre>
 */
public final class SftpClient implements Closeable {
    private final SftpRequestPipe pipe;
    private final long serverVersion;
    private final Map<String, String> extensions;
    private volatile ClientSession session; // when opened on an SshClient

    private SftpClient(DataInputStream in, OutputStream out, SftpPacket.Version v) {
        this.serverVersion = v.version();
        Map<String, String> ext = new LinkedHashMap<>();
        v.extensions().forEach(e -> ext.put(e.name(), e.data().asUtf8()));
        this.extensions = Collections.unmodifiableMap(ext);
        this.pipe = new SftpRequestPipe(in, out);
    }

    /**
     * Sends INIT (version 3), waits for VERSION and returns a ready client.
     *
     * @param in  the server's output (a session channel's stdout)
     * @param out the server's input (a session channel's stdin)
     */
    public static SftpClient open(InputStream in, OutputStream out) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        DataInputStream din = new DataInputStream(in instanceof java.io.BufferedInputStream ? in
                : new java.io.BufferedInputStream(in, 1 << 16));
        OutputStream bout = new java.io.BufferedOutputStream(out, 1 << 16);
        bout.write(new SftpPacket.Init(3, List.of()).toFrame());
        bout.flush();
        SftpPacket first = SftpPacket.decode(new SshReader(SftpRequestPipe.readFrame(din)).lenient());
        if (!(first instanceof SftpPacket.Version)) {
            throw new SftpException(StatusCode.BAD_MESSAGE, "expected VERSION, got type " + first.type());
        }
        SftpClient c = new SftpClient(din, bout, (SftpPacket.Version) first);
        c.askLimits();
        return c;
    }

    /**
     * Opens the {@code sftp} subsystem on a new session channel of {@code ssh} (what
     * {@code sftp user@host} does); closing the client closes that channel, not the connection.
     */
    public static SftpClient open(SshClient ssh) throws IOException {
        Objects.requireNonNull(ssh, "ssh");
        ClientSession s = ssh.openSession();
        CompletableFuture<Boolean> started = CompletableFuture.completedFuture(true);
        try {
            // INIT goes right behind the subsystem request, as ssh forwards sftp's: one round trip
            // fewer. A refusal closes the session, which ends the wait for VERSION.
            started = s.requestSubsystem("sftp");
            SftpClient c = open(s.stdout(), s.stdin());
            c.session = s;
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            if (!started.getNow(true)) {
                throw new IOException("the server refused subsystem sftp", e);
            }
            throw e;
        }
    }

    /** The version the server answered with. */
    public long serverVersion() {
        return serverVersion;
    }

    /** Extensions announced in VERSION: name to data (e.g. "statvfs@openssh.com" → "2"). */
    public Map<String, String> serverExtensions() {
        return extensions;
    }

    // ---- request plumbing -------------------------------------------------------------------

    CompletableFuture<SftpPacket.Response> send(java.util.function.IntFunction<SftpPacket.Request> build)
            throws IOException {
        return pipe.send(build);
    }

    static SftpPacket.Response await(CompletableFuture<SftpPacket.Response> f) throws IOException {
        return SftpRequestPipe.await(f);
    }

    private SftpPacket.Response call(java.util.function.IntFunction<SftpPacket.Request> build) throws IOException {
        return await(send(build));
    }

    static SftpException unexpected(SftpPacket.Response r) {
        if (r instanceof SftpPacket.Status) {
            SftpPacket.Status s = (SftpPacket.Status) r;
            return new SftpException(s.code(), s.message());
        }
        return new SftpException(StatusCode.BAD_MESSAGE, "unexpected reply type " + r.type());
    }

    static void expectOk(SftpPacket.Response r) throws SftpException {
        if (!(r instanceof SftpPacket.Status) || ((SftpPacket.Status) r).code() != StatusCode.OK) {
            throw unexpected(r);
        }
    }

    private void ok(java.util.function.IntFunction<SftpPacket.Request> build) throws IOException {
        expectOk(call(build));
    }

    private FileAttributes attrs(java.util.function.IntFunction<SftpPacket.Request> build) throws IOException {
        SftpPacket.Response r = call(build);
        if (r instanceof SftpPacket.Attrs) {
            return ((SftpPacket.Attrs) r).attrs();
        }
        throw unexpected(r);
    }

    private String oneName(java.util.function.IntFunction<SftpPacket.Request> build) throws IOException {
        SftpPacket.Response r = call(build);
        if (r instanceof SftpPacket.Name && ((SftpPacket.Name) r).entries().size() == 1) {
            return ((SftpPacket.Name) r).entries().get(0).filename();
        }
        throw unexpected(r);
    }

    private Bytes extendedReply(String request, Bytes args) throws IOException {
        SftpPacket.Response r = call(id -> new SftpPacket.Extended(id, request, args));
        if (r instanceof SftpPacket.ExtendedReply) {
            return ((SftpPacket.ExtendedReply) r).data();
        }
        throw unexpected(r);
    }

    private void requireExtension(String name) throws SftpException {
        if (!extensions.containsKey(name)) {
            throw new SftpException(StatusCode.OP_UNSUPPORTED, "server does not support " + name);
        }
    }

    // ---- draft-ietf-secsh-filexfer-02 §6 ------------------------------------------------------

    /**
     * SSH_FXP_OPEN.
     *
     * @param pflags {@link OpenFlags} bits
     * @param attrs  attributes of a file this creates (permissions), or null for none: the
     *               server then applies its defaults (OpenSSH: 0666 less its umask)
     */
    public SftpHandle open(String path, int pflags, FileAttributes attrs) throws IOException {
        requirePath(path, "path");
        FileAttributes a = orNone(attrs);
        SftpPacket.Response r = call(id -> new SftpPacket.Open(id, path, pflags, a));
        if (r instanceof SftpPacket.Handle) {
            return new SftpHandle(((SftpPacket.Handle) r).handle());
        }
        throw unexpected(r);
    }

    /** SSH_FXP_OPENDIR: a handle for {@link #readDirectory}. */
    public SftpHandle openDirectory(String path) throws IOException {
        requirePath(path, "path");
        SftpPacket.Response r = call(id -> new SftpPacket.Opendir(id, path));
        if (r instanceof SftpPacket.Handle) {
            return new SftpHandle(((SftpPacket.Handle) r).handle());
        }
        throw unexpected(r);
    }

    /** SSH_FXP_CLOSE: for an upload, the server's answer says whether the file is complete. */
    public void close(SftpHandle handle) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        ok(id -> new SftpPacket.Close(id, h.value()));
    }

    /**
     * CLOSE without waiting for its answer, for a handle only read from: nothing can be lost by
     * its close, so a download ends when its last byte is written here, not a round trip later.
     * A refusal is logged; requests sent after it are answered after it (one channel, in order).
     */
    void closeReadHandle(SftpHandle h) throws IOException {
        send(id -> new SftpPacket.Close(id, h.value())).whenComplete((r, e) -> {
            if (e == null && !(r instanceof SftpPacket.Status && ((SftpPacket.Status) r).code() == StatusCode.OK)) {
                System.getLogger(SftpClient.class.getName()).log(System.Logger.Level.DEBUG, "close of a read handle: {0}", unexpected(r).getMessage());
            }
        });
    }

    /** Up to {@code len} bytes at {@code offset}; null at end of file. */
    public byte[] read(SftpHandle handle, long offset, int len) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        if (len < 0) {
            throw new IllegalArgumentException("len < 0: " + len);
        }
        SftpPacket.Response r = call(id -> new SftpPacket.Read(id, h.value(), offset, len));
        if (r instanceof SftpPacket.Data) {
            return ((SftpPacket.Data) r).data().toArray();
        }
        if (r instanceof SftpPacket.Status && ((SftpPacket.Status) r).code() == StatusCode.EOF) {
            return null;
        }
        throw unexpected(r);
    }

    /** Writes {@code data[off, off + len)} at {@code offset}. */
    public void write(SftpHandle handle, long offset, byte[] data, int off, int len) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(off, len, data.length);
        ok(id -> new SftpPacket.Write(id, h.value(), offset, Bytes.of(data, off, len)));
    }

    /** SSH_FXP_STAT: follows a final symlink. */
    public FileAttributes stat(String path) throws IOException {
        requirePath(path, "path");
        return attrs(id -> new SftpPacket.Stat(id, path));
    }

    /** SSH_FXP_LSTAT: a final symlink's own attributes. */
    public FileAttributes lstat(String path) throws IOException {
        requirePath(path, "path");
        return attrs(id -> new SftpPacket.Lstat(id, path));
    }

    public FileAttributes fstat(SftpHandle handle) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        return attrs(id -> new SftpPacket.Fstat(id, h.value()));
    }

    /** SSH_FXP_SETSTAT: applies the fields {@code attrs} has (required: the change to make). */
    public void setStat(String path, FileAttributes attrs) throws IOException {
        requirePath(path, "path");
        FileAttributes a = Objects.requireNonNull(attrs, "attrs");
        ok(id -> new SftpPacket.Setstat(id, path, a));
    }

    /** SSH_FXP_FSETSTAT: as {@link #setStat} on an open file. */
    public void fsetStat(SftpHandle handle, FileAttributes attrs) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        FileAttributes a = Objects.requireNonNull(attrs, "attrs");
        ok(id -> new SftpPacket.Fsetstat(id, h.value(), a));
    }

    /** The next batch of entries of an open directory; null at the end. */
    public List<NameEntry> readDirectory(SftpHandle handle) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        SftpPacket.Response r = call(id -> new SftpPacket.Readdir(id, h.value()));
        if (r instanceof SftpPacket.Name) {
            return ((SftpPacket.Name) r).entries();
        }
        if (r instanceof SftpPacket.Status && ((SftpPacket.Status) r).code() == StatusCode.EOF) {
            return null;
        }
        throw unexpected(r);
    }

    /** Every entry of a directory, without "." and "..". */
    public List<NameEntry> list(String path) throws IOException {
        requirePath(path, "path");
        SftpHandle h = openDirectory(path);
        List<NameEntry> all = new ArrayList<>();
        try {
            for (List<NameEntry> batch; (batch = readDirectory(h)) != null; ) {
                for (NameEntry e : batch) {
                    if (!e.filename().equals(".") && !e.filename().equals("..")) {
                        all.add(e);
                    }
                }
            }
        } finally {
            close(h);
        }
        return all;
    }

    /** SSH_FXP_REMOVE: a file (not a directory, see {@link #rmdir}). */
    public void remove(String path) throws IOException {
        requirePath(path, "path");
        ok(id -> new SftpPacket.Remove(id, path));
    }

    /**
     * SSH_FXP_MKDIR.
     *
     * @param attrs attributes of the new directory (permissions), or null for none: the server
     *              then applies its defaults (OpenSSH: 0777 less its umask)
     */
    public void mkdir(String path, FileAttributes attrs) throws IOException {
        requirePath(path, "path");
        FileAttributes a = orNone(attrs);
        ok(id -> new SftpPacket.Mkdir(id, path, a));
    }

    /** SSH_FXP_RMDIR: an empty directory. */
    public void rmdir(String path) throws IOException {
        requirePath(path, "path");
        ok(id -> new SftpPacket.Rmdir(id, path));
    }

    /** SSH_FXP_REALPATH: the server's canonical absolute form of {@code path} ("." for the start directory). */
    public String realPath(String path) throws IOException {
        requirePath(path, "path");
        return oneName(id -> new SftpPacket.Realpath(id, path));
    }

    /** SSH_FXP_RENAME: fails if {@code newPath} exists; see {@link #posixRename}. */
    public void rename(String oldPath, String newPath) throws IOException {
        requirePath(oldPath, "oldPath");
        requirePath(newPath, "newPath");
        ok(id -> new SftpPacket.Rename(id, oldPath, newPath));
    }

    /** SSH_FXP_READLINK: a symlink's target. */
    public String readLink(String path) throws IOException {
        requirePath(path, "path");
        return oneName(id -> new SftpPacket.Readlink(id, path));
    }

    /** Creates {@code linkPath} pointing at {@code targetPath} (ln -s target link). */
    public void symlink(String targetPath, String linkPath) throws IOException {
        requirePath(targetPath, "targetPath");
        requirePath(linkPath, "linkPath");
        ok(id -> new SftpPacket.Symlink(id, targetPath, linkPath));
    }

    // ---- OpenSSH extensions (PROTOCOL §4) -----------------------------------------------------

    /** posix-rename@openssh.com: rename(2), replacing {@code newPath} if it exists. */
    public void posixRename(String oldPath, String newPath) throws IOException {
        requirePath(oldPath, "oldPath");
        requirePath(newPath, "newPath");
        requireExtension("posix-rename@openssh.com");
        ok(id -> new SftpPacket.Extended(id, "posix-rename@openssh.com",
                new SshWriter().writeUtf8(oldPath).writeUtf8(newPath).toBytes()));
    }

    /** statvfs@openssh.com: the file system holding {@code path}. */
    public StatVfs statVfs(String path) throws IOException {
        requirePath(path, "path");
        requireExtension("statvfs@openssh.com");
        return StatVfs.decode(new SshReader(extendedReply("statvfs@openssh.com", new SshWriter().writeUtf8(path).toBytes())));
    }

    /** fstatvfs@openssh.com. */
    public StatVfs fstatVfs(SftpHandle handle) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        requireExtension("fstatvfs@openssh.com");
        return StatVfs.decode(new SshReader(extendedReply("fstatvfs@openssh.com", new SshWriter().writeString(h.value()).toBytes())));
    }

    /** hardlink@openssh.com: {@code newPath} becomes another name of {@code oldPath}. */
    public void hardlink(String oldPath, String newPath) throws IOException {
        requirePath(oldPath, "oldPath");
        requirePath(newPath, "newPath");
        requireExtension("hardlink@openssh.com");
        ok(id -> new SftpPacket.Extended(id, "hardlink@openssh.com",
                new SshWriter().writeUtf8(oldPath).writeUtf8(newPath).toBytes()));
    }

    /** fsync@openssh.com. */
    public void fsync(SftpHandle handle) throws IOException {
        SftpHandle h = Objects.requireNonNull(handle, "handle");
        requireExtension("fsync@openssh.com");
        ok(id -> new SftpPacket.Extended(id, "fsync@openssh.com", new SshWriter().writeString(h.value()).toBytes()));
    }

    /** lsetstat@openssh.com: {@link #setStat} without following a final symlink. */
    public void lsetStat(String path, FileAttributes attrs) throws IOException {
        requirePath(path, "path");
        FileAttributes a = Objects.requireNonNull(attrs, "attrs");
        requireExtension("lsetstat@openssh.com");
        SshWriter w = new SshWriter().writeUtf8(path);
        a.encode(w);
        ok(id -> new SftpPacket.Extended(id, "lsetstat@openssh.com", w.toBytes()));
    }

    /** limits@openssh.com: max packet, read and write lengths and open handles (0: unlimited). */
    public record Limits(long maxPacketLength, long maxReadLength, long maxWriteLength, long maxOpenHandles) {
    }

    /** The limits@openssh.com request sent right after VERSION, if the server offers it; null otherwise. */
    private CompletableFuture<SftpPacket.Response> limitsReply;
    private Limits cachedLimits;
    private boolean limitsAsked;

    /**
     * Asks for limits@openssh.com as soon as the session starts, as OpenSSH's sftp does in
     * sftp_init, but without waiting: the reply is read when the first transfer needs it, so it
     * costs that transfer no round trip of its own.
     */
    private void askLimits() throws IOException {
        if (extensions.containsKey("limits@openssh.com")) {
            limitsReply = pipe.send(id -> new SftpPacket.Extended(id, "limits@openssh.com", Bytes.EMPTY));
        }
    }

    /** {@link #limits()} asked once per session; null if the server does not offer them (or refused). */
    synchronized Limits cachedLimits() throws IOException {
        if (!limitsAsked) {
            limitsAsked = true;
            if (limitsReply != null) {
                SftpPacket.Response r = SftpRequestPipe.await(limitsReply);
                cachedLimits = r instanceof SftpPacket.ExtendedReply x ? parseLimits(x.data()) : null; // refused: the chosen sizes
            }
        }
        return cachedLimits;
    }

    private static Limits parseLimits(Bytes data) {
        SshReader r = new SshReader(data);
        return new Limits(r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64());
    }

    public Limits limits() throws IOException {
        requireExtension("limits@openssh.com");
        return parseLimits(extendedReply("limits@openssh.com", Bytes.EMPTY));
    }

    /** expand-path@openssh.com: {@link #realPath} after expanding a leading {@code ~}. */
    public String expandPath(String path) throws IOException {
        requirePath(path, "path");
        requireExtension("expand-path@openssh.com");
        return oneName(id -> new SftpPacket.Extended(id, "expand-path@openssh.com",
                new SshWriter().writeUtf8(path).toBytes()));
    }

    /** copy-data: server-side copy of {@code length} bytes (0: to EOF) between two open files. */
    public void copyData(SftpHandle from, long readOffset, long length, SftpHandle to, long writeOffset)
            throws IOException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        requireExtension("copy-data");
        ok(id -> new SftpPacket.Extended(id, "copy-data", new SshWriter().writeString(from.value())
                .writeUint64(readOffset).writeUint64(length).writeString(to.value()).writeUint64(writeOffset).toBytes()));
    }

    /** home-directory: the home of {@code user} on the server. */
    public String homeDirectory(String user) throws IOException {
        Objects.requireNonNull(user, "user");
        requireExtension("home-directory");
        return oneName(id -> new SftpPacket.Extended(id, "home-directory", new SshWriter().writeUtf8(user).toBytes()));
    }

    /** users-groups-by-id@openssh.com: names for uids and gids ("" where unknown), in order. */
    public record UsersGroups(List<String> users, List<String> groups) {
    }

    /**
     * users-groups-by-id@openssh.com: the names of {@code uids} and {@code gids}, in order.
     *
     * @param uids user ids to name, or null for none
     * @param gids group ids to name, or null for none
     */
    public UsersGroups usersGroupsById(List<Long> uids, List<Long> gids) throws IOException {
        SshWriter u = ids(uids, "uids");
        SshWriter g = ids(gids, "gids");
        requireExtension("users-groups-by-id@openssh.com");
        SshReader r = new SshReader(extendedReply("users-groups-by-id@openssh.com",
                new SshWriter().writeString(u.toByteArray()).writeString(g.toByteArray()).toBytes()));
        return new UsersGroups(names(new SshReader(r.readString())), names(new SshReader(r.readString())));
    }

    /** The ids as uint32s; each must be one (a null list is empty). */
    private static SshWriter ids(List<Long> ids, String name) {
        SshWriter w = new SshWriter();
        if (ids == null) {
            return w;
        }
        for (Long id : ids) {
            if (id == null) {
                throw new NullPointerException(name + " contains null");
            }
            if (id < 0 || id > 0xffffffffL) {
                throw new IllegalArgumentException(name + " contains " + id + ", not a uint32");
            }
            w.writeUint32(id);
        }
        return w;
    }

    private static List<String> names(SshReader r) {
        List<String> out = new ArrayList<>();
        while (r.hasRemaining()) {
            out.add(r.readUtf8());
        }
        return out;
    }

    // ---- transfers ---------------------------------------------------------------------------

    /**
     * Downloads {@code remote} to {@code local} with pipelined reads.
     *
     * @param options how, or null for {@link TransferOptions#defaults()}
     */
    public void get(String remote, Path local, TransferOptions options) throws IOException {
        requirePath(remote, "remote");
        Objects.requireNonNull(local, "local");
        new SftpTransfers(this, orDefaults(options)).get(remote, local);
    }

    /**
     * Uploads {@code local} to {@code remote} with pipelined writes.
     *
     * @param options how, or null for {@link TransferOptions#defaults()}
     */
    public void put(Path local, String remote, TransferOptions options) throws IOException {
        Objects.requireNonNull(local, "local");
        requirePath(remote, "remote");
        new SftpTransfers(this, orDefaults(options)).put(local, remote);
    }

    /**
     * Downloads a directory tree (created locally as needed).
     *
     * @param options how, or null for {@link TransferOptions#defaults()}
     */
    public void getTree(String remoteDir, Path localDir, TransferOptions options) throws IOException {
        requirePath(remoteDir, "remoteDir");
        Objects.requireNonNull(localDir, "localDir");
        new SftpTransfers(this, orDefaults(options)).getTree(remoteDir, localDir);
    }

    /**
     * Uploads a directory tree (remote directories created as needed).
     *
     * @param options how, or null for {@link TransferOptions#defaults()}
     */
    public void putTree(Path localDir, String remoteDir, TransferOptions options) throws IOException {
        Objects.requireNonNull(localDir, "localDir");
        requirePath(remoteDir, "remoteDir");
        new SftpTransfers(this, orDefaults(options)).putTree(localDir, remoteDir);
    }

    // ---- arguments ---------------------------------------------------------------------------

    /** A required path: checked here, so a null never reaches the wire half-encoded. */
    private static void requirePath(String path, String name) {
        Objects.requireNonNull(path, name);
    }

    private static FileAttributes orNone(FileAttributes attrs) {
        return attrs == null ? FileAttributes.EMPTY : attrs;
    }

    private static TransferOptions orDefaults(TransferOptions options) {
        return options == null ? TransferOptions.defaults() : options;
    }

    /**
     * Closes the output (the server sees EOF) and stops the reader. A session this client opened
     * ({@link #open(SshClient)}) closes right behind the EOF: nothing more is read from it, so
     * there is no waiting for the server's EOF (a round trip: 100 ms on a long path).
     */
    @Override
    public void close() throws IOException {
        ClientSession own = session;
        try {
            pipe.close(own == null ? null : own::close);
        } finally {
            if (own != null) {
                own.close(); // again if the pipe failed before it could (idempotent)
            }
        }
    }
}
