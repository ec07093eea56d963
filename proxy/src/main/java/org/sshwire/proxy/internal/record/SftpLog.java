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
 */
final class SftpLog implements AutoCloseable {
    private final RotatingFile file;
    private final SftpFraming requests = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024);
    private final SftpFraming responses = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024);
    /** Requests waiting for their answer, by id. */
    private final Map<Integer, SftpPacket> pending = new HashMap<>();
    /** Open handles: what they name and what went through them. */
    private final Map<Bytes, OpenFile> handles = new HashMap<>();
    private boolean broken;

    private static final class OpenFile {
        final String path;
        final String kind;
        long read;
        long written;

        OpenFile(String path, String kind) {
            this.path = path;
            this.kind = kind;
        }
    }

    SftpLog(Path path, long maxBytes, int keep) throws IOException {
        this.file = new RotatingFile(path, maxBytes, keep, null);
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
                }
            }
            return;
        }
        if (req instanceof SftpPacket.Open open) {
            if (p instanceof SftpPacket.Handle h) {
                handles.put(h.handle(), new OpenFile(open.filename(), "file"));
            }
            log(op("open").put("path", open.filename()).put("flags", flags(open.pflags())).put("status", status(p)));
        } else if (req instanceof SftpPacket.Opendir open) {
            if (p instanceof SftpPacket.Handle h) {
                handles.put(h.handle(), new OpenFile(open.path(), "dir"));
            }
        } else if (req instanceof SftpPacket.Close c) {
            OpenFile f = handles.remove(c.handle());
            if (f != null && f.kind.equals("file")) {
                log(op("close").put("path", f.path).put("bytesRead", f.read).put("bytesWritten", f.written)
                        .put("status", status(p)));
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
                log(op("unclosed").put("path", f.path).put("bytesRead", f.read).put("bytesWritten", f.written));
            }
        }
        handles.clear();
        file.close();
    }
}
