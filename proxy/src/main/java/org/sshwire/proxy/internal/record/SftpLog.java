package org.sshwire.proxy.internal.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.sshwire.sftp.internal.SftpFraming;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The operations of an SFTP v3 session passing through, one JSON line each, parsed from both
 * directions with the sftp module's codec: open (path, flags) and close with the bytes read and
 * written through the handle, rename, remove, mkdir, rmdir, setstat, symlink — each with the
 * server's status. Reads, writes and directory listings are summed per handle rather than logged
 * one by one. A stream that stops parsing (not SFTP, or a packet over 256 KiB) ends the log with
 * a note; the session itself goes on.
 *
 * <p>With {@link SftpContents} the bytes themselves are kept too: the data of every WRITE, and of
 * every DATA reply at the offset of the READ it answers (matched by request id), in one file per
 * handle and direction. The handle's close line names its files; once the writer has them on
 * disk a {@code contents} line follows for each, with its SHA-256. A file that could not be saved
 * whole (the connection's cap, a writer too far behind, a failed write) gets a
 * {@code contents-stopped} line and its {@code contents} line says why.
 */
final class SftpLog implements AutoCloseable {
    private final RotatingFile file;
    private final SftpFraming requests = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024);
    private final SftpFraming responses = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024);
    /** Requests waiting for their answer, by id. */
    private final Map<Integer, SftpPacket> pending = new HashMap<>();
    /** Open handles: what they name and what went through them. */
    private final Map<Bytes, OpenFile> handles = new HashMap<>();
    private static final System.Logger LOG = System.getLogger(SftpLog.class.getName());
    private final SftpContents contents;
    private boolean broken;
    /** Files opened so far: numbers their saved contents. */
    private int opened;

    private static final class OpenFile {
        final String path;
        final String kind;
        final int seq;
        long read;
        long written;
        SavedBytes writes;
        SavedBytes reads;
        /** No contents are saved for this handle (too many open, or they could not be). */
        boolean unsaved;

        OpenFile(String path, String kind, int seq) {
            this.path = path;
            this.kind = kind;
            this.seq = seq;
        }
    }

    SftpLog(Path path, long maxBytes, int keep) throws IOException {
        this(path, maxBytes, keep, null);
    }

    /** @param contents where file contents are saved, or null for the operations only */
    SftpLog(Path path, long maxBytes, int keep, SftpContents contents) throws IOException {
        this.file = new RotatingFile(path, maxBytes, keep, null);
        this.contents = contents;
    }

    synchronized void fromClient(byte[] data) throws IOException {
        feed(requests, data, true);
    }

    synchronized void fromServer(byte[] data) throws IOException {
        feed(responses, data, false);
    }

    private void feed(SftpFraming framing, byte[] data, boolean request) throws IOException {
        if (broken) {
            return;
        }
        try {
            framing.feed(ByteBuffer.wrap(data));
            for (byte[] p; (p = framing.next()) != null; ) {
                SftpPacket packet = request ? SftpPacket.decodeRequest(p) : SftpPacket.decode(p);
                if (request) {
                    request(packet);
                } else {
                    response(packet);
                }
            }
        } catch (WireFormatException e) {
            broken = true;
            log(op("unparsed").put("error", e.getMessage()));
        }
    }

    private void request(SftpPacket p) throws IOException {
        if (p instanceof SftpPacket.Init init) {
            log(op("init").put("version", init.version()));
            return;
        }
        if (p instanceof SftpPacket.Write w) {
            OpenFile f = handles.get(w.handle());
            if (f != null) {
                f.written += w.data().length();
                save(f, true, w.offset(), w.data());
            }
            return; // the answer is a status; the sum is logged at close
        }
        if (p instanceof SftpPacket.Request r) {
            int id = r.id();
            if (pending.size() < 65_536) { // a peer pipelining beyond that is not a client we log per request
                pending.put(id, p);
            }
        }
    }

    private void response(SftpPacket p) throws IOException {
        if (p instanceof SftpPacket.Version v) {
            log(op("version").put("version", v.version()));
            return;
        }
        if (!(p instanceof SftpPacket.Response r)) {
            return;
        }
        SftpPacket req = pending.remove(r.id());
        if (req instanceof SftpPacket.Read read) {
            if (p instanceof SftpPacket.Data d) {
                OpenFile f = handles.get(read.handle());
                if (f != null) {
                    f.read += d.data().length();
                    save(f, false, read.offset(), d.data());
                }
            }
            return;
        }
        if (req instanceof SftpPacket.Open open) {
            if (p instanceof SftpPacket.Handle h) {
                handles.put(h.handle(), new OpenFile(open.filename(), "file", ++opened));
            }
            log(op("open").put("path", open.filename()).put("flags", flags(open.pflags())).put("status", status(p)));
        } else if (req instanceof SftpPacket.Opendir open) {
            if (p instanceof SftpPacket.Handle h) {
                handles.put(h.handle(), new OpenFile(open.path(), "dir", 0));
            }
        } else if (req instanceof SftpPacket.Close c) {
            OpenFile f = handles.remove(c.handle());
            if (f != null && f.kind.equals("file")) {
                log(saved(f, op("close").put("path", f.path).put("bytesRead", f.read).put("bytesWritten", f.written)
                        .put("status", status(p))));
            } else if (f != null) {
                log(op("list").put("path", f.path).put("status", status(p)));
            }
        } else if (req instanceof SftpPacket.Rename rn) {
            log(op("rename").put("path", rn.oldPath()).put("to", rn.newPath()).put("status", status(p)));
        } else if (req instanceof SftpPacket.Remove rm) {
            log(op("remove").put("path", rm.filename()).put("status", status(p)));
        } else if (req instanceof SftpPacket.Mkdir md) {
            log(op("mkdir").put("path", md.path()).put("status", status(p)));
        } else if (req instanceof SftpPacket.Rmdir rd) {
            log(op("rmdir").put("path", rd.path()).put("status", status(p)));
        } else if (req instanceof SftpPacket.Setstat ss) {
            log(op("setstat").put("path", ss.path()).put("status", status(p)));
        } else if (req instanceof SftpPacket.Symlink sl) {
            log(op("symlink").put("path", sl.linkPath()).put("to", sl.targetPath()).put("status", status(p)));
        } else if (req instanceof SftpPacket.Extended x && x.request().startsWith("posix-rename")) {
            // posix-rename@openssh.com: string oldpath, string newpath (OpenSSH PROTOCOL §4.3).
            org.sshwire.transport.wire.SshReader names = new org.sshwire.transport.wire.SshReader(x.data());
            log(op("rename").put("path", names.readUtf8()).put("to", names.readUtf8()).put("extension", x.request())
                    .put("status", status(p)));
        }
    }

    /** Saves a WRITE's or a DATA reply's bytes at their file offset, if contents are kept. */
    private void save(OpenFile f, boolean write, long offset, Bytes data) throws IOException {
        if (contents == null || f.unsaved || data.isEmpty() || !f.kind.equals("file")) {
            return;
        }
        SavedBytes s = write ? f.writes : f.reads;
        if (s == null) {
            s = contents.create(f.seq, write ? "write" : "read", f.path);
            if (s == null) {
                f.unsaved = true;
                log(op("contents-stopped").put("path", f.path).put("reason", "over " + SftpContents.MAX_OPEN + " files open at once"));
                return;
            }
            if (write) {
                f.writes = s;
            } else {
                f.reads = s;
            }
        }
        if (s.save(offset, data.asReadOnlyBuffer())) {
            log(op("contents-stopped").put("path", f.path).put("contents", contents.name(s)).put("reason", s.stopped()));
        }
    }

    /**
     * Names the handle's saved contents on its close line, and closes them: the writer then logs
     * a {@code contents} line for each with its SHA-256 (and why it is incomplete, if it is).
     */
    private Json saved(OpenFile f, Json line) {
        for (SavedBytes s : new SavedBytes[] {f.writes, f.reads}) {
            if (s == null) {
                continue;
            }
            String way = s == f.writes ? "write" : "read";
            String name = contents.name(s);
            line.put(way + "Contents", name);
            String path = f.path;
            s.close(done -> {
                try {
                    file.line(op("contents").put("path", path).put("way", way).put("contents", name).put("sha256", done.sha256())
                            .put("incomplete", done.stopped()).toString());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot write the SFTP log: " + e.getMessage());
                }
            });
            contents.closed();
        }
        f.writes = null;
        f.reads = null;
        return line;
    }

    private static String status(SftpPacket p) {
        if (p instanceof SftpPacket.Status s) {
            return s.code() == 0 ? "ok" : "error " + s.code() + (s.message().isEmpty() ? "" : ": " + s.message());
        }
        return "ok";
    }

    /** SSH_FXF_* (draft-ietf-secsh-filexfer-02 §6.3) as words. */
    private static String flags(int pflags) {
        StringBuilder b = new StringBuilder();
        String[] names = {"read", "write", "append", "create", "truncate", "exclusive"};
        for (int i = 0; i < names.length; i++) {
            if ((pflags & (1 << i)) != 0) {
                b.append(b.length() == 0 ? "" : ",").append(names[i]);
            }
        }
        return b.toString();
    }

    private static Json op(String name) {
        return new Json().put("time", Instant.now().toString()).put("op", name);
    }

    private void log(Json j) throws IOException {
        file.line(j.toString());
    }

    @Override
    public synchronized void close() throws IOException {
        for (OpenFile f : handles.values()) {
            if (f.kind.equals("file")) {
                log(saved(f, op("unclosed").put("path", f.path).put("bytesRead", f.read).put("bytesWritten", f.written)));
            }
        }
        handles.clear();
        if (contents == null || !contents.writer().run(this::closeFile)) {
            file.close(); // after the contents lines the writer has queued, if any
        }
    }

    private void closeFile() {
        try {
            file.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close the SFTP log: " + e.getMessage());
        }
    }
}
