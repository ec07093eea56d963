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
import java.util.concurrent.CompletableFuture;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.sftp.internal.SftpRequestPipe;
import org.sshwire.sftp.SftpTransfers;

/**
 * An SFTP v3 client over any stream pair: a subsystem channel, a process's pipes, a socket.
 * Every operation of draft-ietf-secsh-filexfer-02 and the OpenSSH extensions is a blocking
 * method; requests from many threads are pipelined over the one stream. Failures are
 * {@link SftpException}s carrying the server's SSH_FX_* status.
 *
 * <pre>{@code
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

    private SftpClient(DataInputStream in, OutputStream out, SftpPacket.Version v) {
        this.serverVersion = v.version();
        Map<String, String> ext = new LinkedHashMap<>();
        v.extensions().forEach(e -> ext.put(e.name(), e.data().asUtf8()));
        this.extensions = Collections.unmodifiableMap(ext);
        this.pipe = new SftpRequestPipe(in, out);
    }

    /** Sends INIT (version 3), waits for VERSION and returns a ready client. */
    public static SftpClient open(InputStream in, OutputStream out) throws IOException {
        DataInputStream din = new DataInputStream(in instanceof java.io.BufferedInputStream ? in
                : new java.io.BufferedInputStream(in, 1 << 16));
        OutputStream bout = new java.io.BufferedOutputStream(out, 1 << 16);
        bout.write(new SftpPacket.Init(3, List.of()).toFrame());
        bout.flush();
        SftpPacket first = SftpPacket.decode(new SshReader(SftpRequestPipe.readFrame(din)).lenient());
        if (!(first instanceof SftpPacket.Version)) {
            throw new SftpException(StatusCode.BAD_MESSAGE, "expected VERSION, got type " + first.type());
        }
        return new SftpClient(din, bout, (SftpPacket.Version) first);
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

    public SftpHandle open(String path, int pflags, FileAttributes attrs) throws IOException {
        SftpPacket.Response r = call(id -> new SftpPacket.Open(id, path, pflags, attrs));
        if (r instanceof SftpPacket.Handle) {
            return new SftpHandle(((SftpPacket.Handle) r).handle());
        }
        throw unexpected(r);
    }

    public SftpHandle openDirectory(String path) throws IOException {
        SftpPacket.Response r = call(id -> new SftpPacket.Opendir(id, path));
        if (r instanceof SftpPacket.Handle) {
            return new SftpHandle(((SftpPacket.Handle) r).handle());
        }
        throw unexpected(r);
    }

    public void close(SftpHandle h) throws IOException {
        ok(id -> new SftpPacket.Close(id, h.value()));
    }

    /** Up to {@code len} bytes at {@code offset}; null at end of file. */
    public byte[] read(SftpHandle h, long offset, int len) throws IOException {
        SftpPacket.Response r = call(id -> new SftpPacket.Read(id, h.value(), offset, len));
        if (r instanceof SftpPacket.Data) {
            return ((SftpPacket.Data) r).data().toArray();
        }
        if (r instanceof SftpPacket.Status && ((SftpPacket.Status) r).code() == StatusCode.EOF) {
            return null;
        }
        throw unexpected(r);
    }

    public void write(SftpHandle h, long offset, byte[] data, int off, int len) throws IOException {
        ok(id -> new SftpPacket.Write(id, h.value(), offset, Bytes.of(data, off, len)));
    }

    public FileAttributes stat(String path) throws IOException {
        return attrs(id -> new SftpPacket.Stat(id, path));
    }

    public FileAttributes lstat(String path) throws IOException {
        return attrs(id -> new SftpPacket.Lstat(id, path));
    }

    public FileAttributes fstat(SftpHandle h) throws IOException {
        return attrs(id -> new SftpPacket.Fstat(id, h.value()));
    }

    public void setStat(String path, FileAttributes a) throws IOException {
        ok(id -> new SftpPacket.Setstat(id, path, a));
    }

    public void fsetStat(SftpHandle h, FileAttributes a) throws IOException {
        ok(id -> new SftpPacket.Fsetstat(id, h.value(), a));
    }

    /** The next batch of entries of an open directory; null at the end. */
    public List<NameEntry> readDirectory(SftpHandle h) throws IOException {
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

    public void remove(String path) throws IOException {
        ok(id -> new SftpPacket.Remove(id, path));
    }

    public void mkdir(String path, FileAttributes a) throws IOException {
        ok(id -> new SftpPacket.Mkdir(id, path, a));
    }

    public void rmdir(String path) throws IOException {
        ok(id -> new SftpPacket.Rmdir(id, path));
    }

    public String realPath(String path) throws IOException {
        return oneName(id -> new SftpPacket.Realpath(id, path));
    }

    /** SSH_FXP_RENAME: fails if {@code newPath} exists; see {@link #posixRename}. */
    public void rename(String oldPath, String newPath) throws IOException {
        ok(id -> new SftpPacket.Rename(id, oldPath, newPath));
    }

    public String readLink(String path) throws IOException {
        return oneName(id -> new SftpPacket.Readlink(id, path));
    }

    /** Creates {@code linkPath} pointing at {@code targetPath} (ln -s target link). */
    public void symlink(String targetPath, String linkPath) throws IOException {
        ok(id -> new SftpPacket.Symlink(id, targetPath, linkPath));
    }

    // ---- OpenSSH extensions (PROTOCOL §4) -----------------------------------------------------

    public void posixRename(String oldPath, String newPath) throws IOException {
        requireExtension("posix-rename@openssh.com");
        ok(id -> new SftpPacket.Extended(id, "posix-rename@openssh.com",
                new SshWriter().writeUtf8(oldPath).writeUtf8(newPath).toBytes()));
    }

    public StatVfs statVfs(String path) throws IOException {
        requireExtension("statvfs@openssh.com");
        return StatVfs.decode(new SshReader(extendedReply("statvfs@openssh.com", new SshWriter().writeUtf8(path).toBytes())));
    }

    public StatVfs fstatVfs(SftpHandle h) throws IOException {
        requireExtension("fstatvfs@openssh.com");
        return StatVfs.decode(new SshReader(extendedReply("fstatvfs@openssh.com", new SshWriter().writeString(h.value()).toBytes())));
    }

    public void hardlink(String oldPath, String newPath) throws IOException {
        requireExtension("hardlink@openssh.com");
        ok(id -> new SftpPacket.Extended(id, "hardlink@openssh.com",
                new SshWriter().writeUtf8(oldPath).writeUtf8(newPath).toBytes()));
    }

    public void fsync(SftpHandle h) throws IOException {
        requireExtension("fsync@openssh.com");
        ok(id -> new SftpPacket.Extended(id, "fsync@openssh.com", new SshWriter().writeString(h.value()).toBytes()));
    }

    public void lsetStat(String path, FileAttributes a) throws IOException {
        requireExtension("lsetstat@openssh.com");
        SshWriter w = new SshWriter().writeUtf8(path);
        a.encode(w);
        ok(id -> new SftpPacket.Extended(id, "lsetstat@openssh.com", w.toBytes()));
    }

    /** limits@openssh.com: max packet, read and write lengths and open handles (0: unlimited). */
    public record Limits(long maxPacketLength, long maxReadLength, long maxWriteLength, long maxOpenHandles) {
    }

    public Limits limits() throws IOException {
        requireExtension("limits@openssh.com");
        SshReader r = new SshReader(extendedReply("limits@openssh.com", Bytes.EMPTY));
        return new Limits(r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64());
    }

    public String expandPath(String path) throws IOException {
        requireExtension("expand-path@openssh.com");
        return oneName(id -> new SftpPacket.Extended(id, "expand-path@openssh.com",
                new SshWriter().writeUtf8(path).toBytes()));
    }

    /** copy-data: server-side copy of {@code length} bytes (0: to EOF) between two open files. */
    public void copyData(SftpHandle from, long readOffset, long length, SftpHandle to, long writeOffset)
            throws IOException {
        requireExtension("copy-data");
        ok(id -> new SftpPacket.Extended(id, "copy-data", new SshWriter().writeString(from.value())
                .writeUint64(readOffset).writeUint64(length).writeString(to.value()).writeUint64(writeOffset).toBytes()));
    }

    public String homeDirectory(String user) throws IOException {
        requireExtension("home-directory");
        return oneName(id -> new SftpPacket.Extended(id, "home-directory", new SshWriter().writeUtf8(user).toBytes()));
    }

    /** users-groups-by-id@openssh.com: names for uids and gids ("" where unknown), in order. */
    public record UsersGroups(List<String> users, List<String> groups) {
    }

    public UsersGroups usersGroupsById(List<Long> uids, List<Long> gids) throws IOException {
        requireExtension("users-groups-by-id@openssh.com");
        SshWriter u = new SshWriter();
        uids.forEach(u::writeUint32);
        SshWriter g = new SshWriter();
        gids.forEach(g::writeUint32);
        SshReader r = new SshReader(extendedReply("users-groups-by-id@openssh.com",
                new SshWriter().writeString(u.toByteArray()).writeString(g.toByteArray()).toBytes()));
        return new UsersGroups(names(new SshReader(r.readString())), names(new SshReader(r.readString())));
    }

    private static List<String> names(SshReader r) {
        List<String> out = new ArrayList<>();
        while (r.hasRemaining()) {
            out.add(r.readUtf8());
        }
        return out;
    }

    // ---- transfers ---------------------------------------------------------------------------

    /** Downloads {@code remote} to {@code local} with pipelined reads. */
    public void get(String remote, Path local, TransferOptions o) throws IOException {
        new SftpTransfers(this, o).get(remote, local);
    }

    /** Uploads {@code local} to {@code remote} with pipelined writes. */
    public void put(Path local, String remote, TransferOptions o) throws IOException {
        new SftpTransfers(this, o).put(local, remote);
    }

    /** Downloads a directory tree (created locally as needed). */
    public void getTree(String remoteDir, Path localDir, TransferOptions o) throws IOException {
        new SftpTransfers(this, o).getTree(remoteDir, localDir);
    }

    /** Uploads a directory tree (remote directories created as needed). */
    public void putTree(Path localDir, String remoteDir, TransferOptions o) throws IOException {
        new SftpTransfers(this, o).putTree(localDir, remoteDir);
    }

    /** Closes the output (the server sees EOF) and stops the reader. */
    @Override
    public void close() throws IOException {
        pipe.close();
    }
}
