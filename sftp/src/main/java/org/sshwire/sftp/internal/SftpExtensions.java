package org.sshwire.sftp.internal;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.SftpFileSystem;
import org.sshwire.sftp.StatVfs;
import org.sshwire.sftp.StatusCode;

/**
 * Server side of the SSH_FXP_EXTENDED requests we announce (OpenSSH PROTOCOL §4.3–§4.11 and
 * the copy-data / home-directory drafts). Malformed arguments get SSH_FX_BAD_MESSAGE; unknown
 * requests SSH_FX_OP_UNSUPPORTED, as OpenSSH's process_extended answers them. Bytes after the
 * arguments are skipped, as sftp-server's process() skips them for every request.
 */
final class SftpExtensions {
    private static final int COPY_CHUNK = 64 * 1024;

    private final SftpServerEngine e;
    private final SftpFileSystem fs;
    private final SftpRequestHandler handles;

    SftpExtensions(SftpServerEngine engine, SftpRequestHandler handles) {
        this.e = engine;
        this.fs = engine.fs;
        this.handles = handles;
    }

    /** The name sftp-server's -P/-p lists use: the request without "@openssh.com". */
    static String shortName(String request) {
        return request.endsWith("@openssh.com") ? request.substring(0, request.length() - 12) : request;
    }

    private static boolean writes(String shortName) {
        switch (shortName) {
            case "posix-rename": case "hardlink": case "lsetstat": case "copy-data": case "fsync":
                return true;
            default:
                return false;
        }
    }

    void handle(SftpPacket.Extended x) {
        int id = x.id();
        String name = shortName(x.request());
        boolean known = SftpServerEngine.EXTENSIONS.stream().anyMatch(p -> p.name().equals(x.request()));
        if (!known) {
            e.sendStatus(id, StatusCode.OP_UNSUPPORTED);
            return;
        }
        if (!e.config.permits(name) || (e.config.readOnly() && writes(name))) {
            e.sendStatus(id, StatusCode.PERMISSION_DENIED);
            return;
        }
        SshReader r = new SshReader(x.data().toArray());
        try {
            dispatch(id, name, r);
        } catch (WireFormatException bad) {
            e.sendStatus(id, StatusCode.BAD_MESSAGE);
        }
    }

    private void dispatch(int id, String name, SshReader r) {
        switch (name) {
            case "posix-rename": {
                String from = r.readUtf8();
                String to = r.readUtf8();
                e.submit(id, name, null, SftpRequestHandler.ok(id, () -> fs.posixRename(from, to)));
                break;
            }
            case "hardlink": {
                String from = r.readUtf8();
                String to = r.readUtf8();
                e.submit(id, name, null, SftpRequestHandler.ok(id, () -> fs.hardlink(from, to)));
                break;
            }
            case "statvfs": {
                String path = r.readUtf8();
                e.submit(id, name, null, () -> statVfsReply(id, fs.statVfs(path)));
                break;
            }
            case "fstatvfs":
                handles.withHandle(id, handleArg(r), true, false, name,
                        h -> statVfsReply(id, h.file.statVfs()), false);
                break;
            case "fsync":
                handles.withHandle(id, handleArg(r), true, false, name,
                        SftpRequestHandler.writing(h -> {
                            h.file.sync(); // a failed fsync may have lost written data: CLOSE must not commit
                            return SftpPacket.Status.of(id, StatusCode.OK);
                        }), false);
                break;
            case "lsetstat": {
                String path = r.readUtf8();
                FileAttributes a = FileAttributes.decode(r);
                e.submit(id, name, null, SftpRequestHandler.ok(id, () -> fs.lsetStat(path, a)));
                break;
            }
            case "limits": {
                // max-packet-length, max-read-length, max-write-length, max-open-handles (§4.8)
                SshWriter w = new SshWriter(32).writeUint64(SftpFraming.DEFAULT_MAX_PACKET)
                        .writeUint64(e.config.maxReadLength()).writeUint64(e.config.maxReadLength())
                        .writeUint64(e.config.maxHandles());
                e.send(new SftpPacket.ExtendedReply(id, w.toBytes()));
                break;
            }
            case "expand-path": {
                String path = r.readUtf8();
                e.submit(id, name, null, () -> SftpRequestHandler.singleName(id, fs.expandPath(path)));
                break;
            }
            case "home-directory": {
                String user = r.readUtf8();
                e.submit(id, name, null, () -> SftpRequestHandler.singleName(id, fs.homeDirectory(user)));
                break;
            }
            case "users-groups-by-id":
                usersGroups(id, r);
                break;
            case "copy-data":
                copyData(id, r);
                break;
            default:
                e.sendStatus(id, StatusCode.OP_UNSUPPORTED);
        }
    }

    private static Bytes handleArg(SshReader r) {
        Bytes h = r.readString();
        return h;
    }

    private static SftpPacket.ExtendedReply statVfsReply(int id, StatVfs v) {
        SshWriter w = new SshWriter(88);
        v.encode(w);
        return new SftpPacket.ExtendedReply(id, w.toBytes());
    }

    /** §4.10: string uids (uint32 each), string gids; reply string names, string names. */
    private void usersGroups(int id, SshReader r) {
        Bytes uids = r.readString();
        Bytes gids = r.readString();
        if (uids.length() % 4 != 0 || gids.length() % 4 != 0) {
            e.sendStatus(id, StatusCode.BAD_MESSAGE);
            return;
        }
        e.submit(id, "users-groups-by-id", null, () -> {
            SshWriter users = new SshWriter();
            SshReader ur = new SshReader(uids.toArray());
            while (ur.hasRemaining()) {
                users.writeUtf8(fs.userName(ur.readUint32()));
            }
            SshWriter groups = new SshWriter();
            SshReader gr = new SshReader(gids.toArray());
            while (gr.hasRemaining()) {
                groups.writeUtf8(fs.groupName(gr.readUint32()));
            }
            if (users.size() + groups.size() + 64 > SftpFraming.DEFAULT_MAX_PACKET) {
                return SftpPacket.Status.of(id, StatusCode.FAILURE); // reply would not fit a packet
            }
            SshWriter w = new SshWriter(users.size() + groups.size() + 8);
            w.writeString(users.toByteArray()).writeString(groups.toByteArray());
            return new SftpPacket.ExtendedReply(id, w.toBytes());
        });
    }

    /**
     * copy-data: string read-handle, uint64 read-offset, uint64 read-length (0: to EOF),
     * string write-handle, uint64 write-offset. Runs on the write handle's lane.
     */
    private void copyData(int id, SshReader r) {
        Bytes readWire = r.readString();
        long readOffset = r.readUint64();
        long readLength = r.readUint64();
        Bytes writeWire = r.readString();
        long writeOffset = r.readUint64();
        SftpServerEngine.OpenHandle from = e.handle(readWire);
        if (from == null || from.file == null) {
            e.sendStatus(id, StatusCode.FAILURE);
            return;
        }
        handles.withHandle(id, writeWire, true, false, "copy-data", SftpRequestHandler.writing(to -> {
            if (from.closed || readOffset < 0 || writeOffset < 0) {
                return SftpPacket.Status.of(id, StatusCode.FAILURE);
            }
            byte[] buf = new byte[COPY_CHUNK];
            long done = 0;
            while (readLength == 0 || done < readLength) {
                int want = (int) (readLength == 0 ? COPY_CHUNK : Math.min(COPY_CHUNK, readLength - done));
                int n = from.file.read(readOffset + done, buf, 0, want);
                if (n < 0) {
                    break;
                }
                to.file.write(writeOffset + done, buf, 0, n);
                done += n;
            }
            return SftpPacket.Status.of(id, StatusCode.OK);
        }), false);
    }
}
