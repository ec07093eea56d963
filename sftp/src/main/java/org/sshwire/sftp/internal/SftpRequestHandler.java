package org.sshwire.sftp.internal;

import java.util.List;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.NameEntry;
import org.sshwire.sftp.OpenFlags;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.SftpFileSystem;
import org.sshwire.sftp.internal.StagedUpload;
import org.sshwire.sftp.StatusCode;

/**
 * Turns each v3 request (draft-ietf-secsh-filexfer-02 §6) into an immediate answer or an
 * {@link SftpOperation} on the right lane. Checks that need no file system — permission lists,
 * read-only mode, handle validity, the handle limit — happen here, under the engine's lock.
 */
final class SftpRequestHandler {
    private static final int READDIR_BATCH = 100; // OpenSSH sends at most 100 names per READDIR

    private final SftpServerEngine e;
    private final SftpFileSystem fs;
    private final SftpExtensions extensions;

    SftpRequestHandler(SftpServerEngine engine) {
        this.e = engine;
        this.fs = engine.fs;
        this.extensions = new SftpExtensions(engine, this);
    }

    /** OpenSSH's request names, as used by sftp-server -P / -p. */
    static String nameOf(SftpPacket.Request r) {
        switch (r.type()) {
            case SftpPacket.SSH_FXP_OPEN: return "open";
            case SftpPacket.SSH_FXP_CLOSE: return "close";
            case SftpPacket.SSH_FXP_READ: return "read";
            case SftpPacket.SSH_FXP_WRITE: return "write";
            case SftpPacket.SSH_FXP_LSTAT: return "lstat";
            case SftpPacket.SSH_FXP_FSTAT: return "fstat";
            case SftpPacket.SSH_FXP_SETSTAT: return "setstat";
            case SftpPacket.SSH_FXP_FSETSTAT: return "fsetstat";
            case SftpPacket.SSH_FXP_OPENDIR: return "opendir";
            case SftpPacket.SSH_FXP_READDIR: return "readdir";
            case SftpPacket.SSH_FXP_REMOVE: return "remove";
            case SftpPacket.SSH_FXP_MKDIR: return "mkdir";
            case SftpPacket.SSH_FXP_RMDIR: return "rmdir";
            case SftpPacket.SSH_FXP_REALPATH: return "realpath";
            case SftpPacket.SSH_FXP_STAT: return "stat";
            case SftpPacket.SSH_FXP_RENAME: return "rename";
            case SftpPacket.SSH_FXP_READLINK: return "readlink";
            case SftpPacket.SSH_FXP_SYMLINK: return "symlink";
            default: return "extended";
        }
    }

    /** Requests that change the file system: refused in read-only mode (OpenSSH's does_write). */
    private static boolean writes(SftpPacket.Request r) {
        switch (r.type()) {
            case SftpPacket.SSH_FXP_WRITE:
            case SftpPacket.SSH_FXP_SETSTAT:
            case SftpPacket.SSH_FXP_FSETSTAT:
            case SftpPacket.SSH_FXP_REMOVE:
            case SftpPacket.SSH_FXP_MKDIR:
            case SftpPacket.SSH_FXP_RMDIR:
            case SftpPacket.SSH_FXP_RENAME:
            case SftpPacket.SSH_FXP_SYMLINK:
                return true;
            case SftpPacket.SSH_FXP_OPEN:
                return OpenFlags.writes(((SftpPacket.Open) r).pflags());
            default:
                return false;
        }
    }

    void handle(SftpPacket.Request r) {
        if (r instanceof SftpPacket.Extended) {
            extensions.handle((SftpPacket.Extended) r);
            return;
        }
        int id = r.id();
        if (!e.config.permits(nameOf(r)) || (e.config.readOnly() && writes(r))) {
            e.sendStatus(id, StatusCode.PERMISSION_DENIED);
            return;
        }
        if (r instanceof SftpPacket.Open) {
            SftpPacket.Open o = (SftpPacket.Open) r;
            if (e.reserveHandle(id)) {
                e.submit(id, "open", null, () -> new SftpServerEngine.Opened(
                        fs.open(o.filename(), o.pflags(), o.attrs()), null));
            }
        } else if (r instanceof SftpPacket.Opendir) {
            SftpPacket.Opendir o = (SftpPacket.Opendir) r;
            if (e.reserveHandle(id)) {
                e.submit(id, "opendir", null, () -> new SftpServerEngine.Opened(null, fs.openDirectory(o.path())));
            }
        } else if (r instanceof SftpPacket.Close) {
            withHandle(id, ((SftpPacket.Close) r).handle(), false, false, "close", h -> {
                h.closed = true;
                if (h.file == null) {
                    h.dir.close();
                } else if (h.writeFailure != null) {
                    h.file.abort();
                    return new SftpPacket.Status(id, StatusCode.FAILURE,
                            h.writeFailure + " (an earlier write to this handle failed)", "");
                } else {
                    h.file.close();
                }
                return SftpPacket.Status.of(id, StatusCode.OK);
            }, true);
        } else if (r instanceof SftpPacket.Read) {
            SftpPacket.Read rd = (SftpPacket.Read) r;
            int len = (int) Math.min(rd.length(), e.config.maxReadLength());
            withHandle(id, rd.handle(), true, false, "read", h -> {
                if (rd.offset() < 0) {
                    return SftpPacket.Status.of(id, StatusCode.EOF); // beyond 2^63: nothing there
                }
                java.nio.ByteBuffer pooled = e.readFrames.take(len);
                if (pooled != null) {
                    return readInto(pooled, h, rd.offset(), len, id);
                }
                // Read straight into the reply frame: uint32 length, byte 103, uint32 id, string data.
                byte[] frame = new byte[13 + len];
                int n = h.file.read(rd.offset(), frame, 13, len);
                if (n < 0) {
                    return SftpPacket.Status.of(id, StatusCode.EOF);
                }
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(frame, 0, 13 + n);
                bb.putInt(0, 9 + n).put(4, (byte) SftpPacket.SSH_FXP_DATA).putInt(5, id).putInt(9, n);
                return bb;
            }, false);
        } else if (r instanceof SftpPacket.Write) {
            SftpPacket.Write w = (SftpPacket.Write) r;
            byte[] data = w.data().toArray();
            writeOp(id, w.handle(), w.offset(), data, 0, data.length);
        } else if (r instanceof SftpPacket.Fstat) {
            withHandle(id, ((SftpPacket.Fstat) r).handle(), true, false, "fstat",
                    h -> new SftpPacket.Attrs(id, h.file.stat()), false);
        } else if (r instanceof SftpPacket.Fsetstat) {
            SftpPacket.Fsetstat f = (SftpPacket.Fsetstat) r;
            withHandle(id, f.handle(), true, false, "fsetstat", h -> {
                h.file.setStat(f.attrs());
                return SftpPacket.Status.of(id, StatusCode.OK);
            }, false);
        } else if (r instanceof SftpPacket.Readdir) {
            withHandle(id, ((SftpPacket.Readdir) r).handle(), false, true, "readdir", h -> {
                List<NameEntry> names = h.dir.read(READDIR_BATCH);
                return names.isEmpty() ? SftpPacket.Status.of(id, StatusCode.EOF) : new SftpPacket.Name(id, names);
            }, false);
        } else {
            pathRequest(r);
        }
    }

    private void pathRequest(SftpPacket.Request r) {
        int id = r.id();
        SftpOperation.Work w;
        if (r instanceof SftpPacket.Lstat) {
            w = () -> new SftpPacket.Attrs(id, fs.lstat(((SftpPacket.Lstat) r).path()));
        } else if (r instanceof SftpPacket.Stat) {
            w = () -> new SftpPacket.Attrs(id, fs.stat(((SftpPacket.Stat) r).path()));
        } else if (r instanceof SftpPacket.Setstat) {
            SftpPacket.Setstat s = (SftpPacket.Setstat) r;
            w = ok(id, () -> fs.setStat(s.path(), s.attrs()));
        } else if (r instanceof SftpPacket.Remove) {
            w = ok(id, () -> fs.remove(((SftpPacket.Remove) r).filename()));
        } else if (r instanceof SftpPacket.Mkdir) {
            SftpPacket.Mkdir m = (SftpPacket.Mkdir) r;
            w = ok(id, () -> fs.mkdir(m.path(), m.attrs()));
        } else if (r instanceof SftpPacket.Rmdir) {
            w = ok(id, () -> fs.rmdir(((SftpPacket.Rmdir) r).path()));
        } else if (r instanceof SftpPacket.Realpath) {
            w = () -> singleName(id, fs.realPath(((SftpPacket.Realpath) r).path()));
        } else if (r instanceof SftpPacket.Rename) {
            SftpPacket.Rename m = (SftpPacket.Rename) r;
            w = ok(id, () -> fs.rename(m.oldPath(), m.newPath()));
        } else if (r instanceof SftpPacket.Readlink) {
            w = () -> singleName(id, fs.readLink(((SftpPacket.Readlink) r).path()));
        } else if (r instanceof SftpPacket.Symlink) {
            SftpPacket.Symlink s = (SftpPacket.Symlink) r;
            w = ok(id, () -> fs.symlink(s.targetPath(), s.linkPath()));
        } else {
            e.sendStatus(id, StatusCode.OP_UNSUPPORTED);
            return;
        }
        e.submit(id, nameOf(r), null, w);
    }

    /**
     * Reads into a pooled frame after its 13-byte DATA header (draft §7: {@code uint32 length,
     * byte 103, uint32 id, string data}) and returns it framed; on EOF or failure the frame goes
     * back to the pool.
     */
    private Object readInto(java.nio.ByteBuffer frame, SftpServerEngine.OpenHandle h, long offset, int len, int id)
            throws java.io.IOException {
        boolean framed = false;
        try {
            frame.limit(ReadFramePool.HEADER + len).position(ReadFramePool.HEADER);
            int n = h.file.read(offset, frame);
            if (n < 0) {
                return SftpPacket.Status.of(id, StatusCode.EOF);
            }
            frame.putInt(0, 9 + n).put(4, (byte) SftpPacket.SSH_FXP_DATA).putInt(5, id).putInt(9, n);
            frame.limit(ReadFramePool.HEADER + n).position(0);
            framed = true;
            return frame;
        } finally {
            if (!framed) {
                e.readFrames.give(frame);
            }
        }
    }

    private void writeOp(int id, Bytes handle, long offset, byte[] data, int off, int len) {
        withHandle(id, handle, true, false, "write", writing(h -> {
            if (offset < 0) {
                return SftpPacket.Status.of(id, StatusCode.FAILURE);
            }
            h.file.write(offset, data, off, len);
            return SftpPacket.Status.of(id, StatusCode.OK);
        }), false);
    }

    /**
     * Work that writes to the handle's file: a failure is remembered for CLOSE (see
     * {@link SftpServerEngine.OpenHandle#writeFailure}) and answered with its reason — "No space
     * left on device" where OpenSSH says only "Failure" — never with the server's real paths.
     */
    static HandleWork writing(HandleWork work) {
        return h -> {
            try {
                return work.run(h);
            } catch (java.io.IOException e) {
                int code = e instanceof SftpException ? (int) ((SftpException) e).status() : SftpOperation.statusCodeOf(e);
                if (code == StatusCode.OP_UNSUPPORTED) {
                    throw e; // nothing was attempted (a file system without fsync): no data lost
                }
                String reason = StagedUpload.reason(e);
                if (h.writeFailure == null) {
                    h.writeFailure = reason;
                }
                throw new SftpException(code, code == StatusCode.FAILURE ? reason : StatusCode.message(code));
            }
        };
    }

    /**
     * WRITE without copying its data (draft §6.4: {@code byte 6, uint32 id, string handle,
     * uint64 offset, string data}): the operation writes from the received packet itself.
     * Returns false for anything not that shape, which then takes the general path.
     */
    boolean fastWrite(byte[] p) {
        if (p.length < 21) {
            return false;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(p);
        int id = b.getInt(1);
        long handleLen = b.getInt(5) & 0xffffffffL;
        if (handleLen > p.length - 21) {
            return false;
        }
        int at = 9 + (int) handleLen;
        long offset = b.getLong(at);
        long dataLen = b.getInt(at + 8) & 0xffffffffL;
        int dataAt = at + 12;
        if (dataLen > p.length - dataAt) {
            return false;
        }
        // Bytes after the data string are skipped, as OpenSSH's sftp-server does (see
        // SftpPacket.decodeRequest): pkg/sftp's last WRITE of an upload carries stale ones.
        if (!e.config.permits("write") || e.config.readOnly()) {
            e.sendStatus(id, StatusCode.PERMISSION_DENIED);
            return true;
        }
        writeOp(id, Bytes.of(p, 9, (int) handleLen), offset, p, dataAt, (int) dataLen);
        return true;
    }

    /** REALPATH / READLINK / expand-path / home-directory reply: name = longname, no attributes. */
    static SftpPacket.Name singleName(int id, String name) {
        return new SftpPacket.Name(id, List.of(new NameEntry(name, name, FileAttributes.EMPTY)));
    }

    @FunctionalInterface
    interface Action {
        void run() throws java.io.IOException;
    }

    static SftpOperation.Work ok(int id, Action a) {
        return () -> {
            a.run();
            return SftpPacket.Status.of(id, StatusCode.OK);
        };
    }

    @FunctionalInterface
    interface HandleWork {
        Object run(SftpServerEngine.OpenHandle h) throws java.io.IOException;
    }

    /**
     * Runs {@code work} on the handle's lane. An unknown handle, or one of the wrong kind, is
     * SSH_FX_FAILURE at once (OpenSSH: handle_from_string fails). A handle closed by an
     * earlier request in the lane fails the same way when the work comes to run.
     */
    void withHandle(int id, Bytes wire, boolean needFile, boolean needDir, String name,
                    HandleWork work, boolean isClose) {
        SftpServerEngine.OpenHandle h = e.handle(wire);
        if (h == null || (needFile && h.file == null) || (needDir && h.dir == null)) {
            e.sendStatus(id, StatusCode.FAILURE);
            return;
        }
        e.submit(id, name, h, () -> {
            if (h.closed) {
                return SftpPacket.Status.of(id, StatusCode.FAILURE);
            }
            if (!isClose) {
                return work.run(h);
            }
            SftpPacket.Status st;
            try {
                st = (SftpPacket.Status) work.run(h);
            } catch (java.io.IOException | RuntimeException ex) {
                st = SftpOperation.status(id, ex);
            }
            return new SftpServerEngine.Closed(h, st);
        });
    }
}
