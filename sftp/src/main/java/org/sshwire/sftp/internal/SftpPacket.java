package org.sshwire.sftp.internal;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.sftp.ExtensionPair;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.NameEntry;
import org.sshwire.sftp.StatusCode;

/**
 * One SFTP v3 packet (draft-ietf-secsh-filexfer-02 §3–§7): a record per packet type, plus
 * {@link Raw} for types this version does not define. This file is the message catalogue.
 *
 * <p>A packet on the wire is {@code uint32 length, byte type, data}; {@link #encode()} gives
 * {@code type, data} and {@link #toFrame()} adds the length. Request ids are uint32s held in an
 * {@code int} (same bits). Paths are UTF-8 strings (strict unless the reader is lenient).
 *
 * <pre>{@code
 * byte[] frame = new SftpPacket.Stat(7, "/etc").toFrame();
 * SftpPacket p = SftpPacket.decode(Arrays.copyOfRange(frame, 4, frame.length));
 * }</pre>
 */
public sealed interface SftpPacket {
    int SSH_FXP_INIT = 1;
    int SSH_FXP_VERSION = 2;
    int SSH_FXP_OPEN = 3;
    int SSH_FXP_CLOSE = 4;
    int SSH_FXP_READ = 5;
    int SSH_FXP_WRITE = 6;
    int SSH_FXP_LSTAT = 7;
    int SSH_FXP_FSTAT = 8;
    int SSH_FXP_SETSTAT = 9;
    int SSH_FXP_FSETSTAT = 10;
    int SSH_FXP_OPENDIR = 11;
    int SSH_FXP_READDIR = 12;
    int SSH_FXP_REMOVE = 13;
    int SSH_FXP_MKDIR = 14;
    int SSH_FXP_RMDIR = 15;
    int SSH_FXP_REALPATH = 16;
    int SSH_FXP_STAT = 17;
    int SSH_FXP_RENAME = 18;
    int SSH_FXP_READLINK = 19;
    int SSH_FXP_SYMLINK = 20;
    int SSH_FXP_STATUS = 101;
    int SSH_FXP_HANDLE = 102;
    int SSH_FXP_DATA = 103;
    int SSH_FXP_NAME = 104;
    int SSH_FXP_ATTRS = 105;
    int SSH_FXP_EXTENDED = 200;
    int SSH_FXP_EXTENDED_REPLY = 201;

    /** The packet type byte. */
    int type();

    /** Writes the fields after the type byte. */
    void encodeBody(SshWriter w);

    /** {@code byte type} followed by the body. */
    default Bytes encode() {
        SshWriter w = new SshWriter(64);
        w.writeByte(type());
        encodeBody(w);
        return w.toBytes();
    }

    /**
     * A guess at the framed size ({@link #toFrame()}), so large DATA and WRITE packets are built
     * without regrowing; when it is exact, the frame is the writer's own array, not a copy of it.
     */
    default int sizeHint() {
        return 64;
    }

    /** The packet framed for the wire: {@code uint32 length} then {@link #encode()}. */
    default byte[] toFrame() {
        SshWriter w = new SshWriter(sizeHint());
        w.writeUint32(0).writeByte(type());
        encodeBody(w);
        w.patchUint32(0, w.size() - 4);
        return w.toByteArray();
    }

    /** A client request carrying a request id (every type from OPEN to EXTENDED). */
    sealed interface Request extends SftpPacket {
        int id();
    }

    /** A server response to the request with the same id. */
    sealed interface Response extends SftpPacket {
        int id();
    }

    // ---- §4 protocol initialization -------------------------------------------------------

    /** SSH_FXP_INIT: {@code uint32 version, extension-pair*}. */
    record Init(long version, List<ExtensionPair> extensions) implements SftpPacket {
        public Init {
            extensions = List.copyOf(extensions);
        }

        public int type() {
            return SSH_FXP_INIT;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(version);
            extensions.forEach(e -> w.writeUtf8(e.name()).writeString(e.data()));
        }
    }

    /** SSH_FXP_VERSION: {@code uint32 version, extension-pair*}. */
    record Version(long version, List<ExtensionPair> extensions) implements SftpPacket {
        public Version {
            extensions = List.copyOf(extensions);
        }

        public int type() {
            return SSH_FXP_VERSION;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(version);
            extensions.forEach(e -> w.writeUtf8(e.name()).writeString(e.data()));
        }
    }

    // ---- §6 requests ----------------------------------------------------------------------

    /** SSH_FXP_OPEN (§6.3): {@code id, string filename, uint32 pflags, ATTRS attrs}. */
    record Open(int id, String filename, int pflags, FileAttributes attrs) implements Request {
        public int type() {
            return SSH_FXP_OPEN;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(filename).writeUint32(pflags & 0xffffffffL);
            attrs.encode(w);
        }
    }

    /** SSH_FXP_CLOSE (§6.3): {@code id, string handle}. */
    record Close(int id, Bytes handle) implements Request {
        public int type() {
            return SSH_FXP_CLOSE;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(handle);
        }
    }

    /** SSH_FXP_READ (§6.4): {@code id, string handle, uint64 offset, uint32 len}. */
    record Read(int id, Bytes handle, long offset, long length) implements Request {
        public int type() {
            return SSH_FXP_READ;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(handle).writeUint64(offset).writeUint32(length);
        }
    }

    /** SSH_FXP_WRITE (§6.4): {@code id, string handle, uint64 offset, string data}. */
    record Write(int id, Bytes handle, long offset, Bytes data) implements Request {
        public int sizeHint() {
            return 25 + handle.length() + data.length(); // exactly the frame: 4 + 1 + 4 + (4 + h) + 8 + (4 + n)
        }

        public int type() {
            return SSH_FXP_WRITE;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(handle).writeUint64(offset).writeString(data);
        }
    }

    /** SSH_FXP_LSTAT (§6.8): {@code id, string path}; does not follow a final symlink. */
    record Lstat(int id, String path) implements Request {
        public int type() {
            return SSH_FXP_LSTAT;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
        }
    }

    /** SSH_FXP_FSTAT (§6.8): {@code id, string handle}. */
    record Fstat(int id, Bytes handle) implements Request {
        public int type() {
            return SSH_FXP_FSTAT;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(handle);
        }
    }

    /** SSH_FXP_SETSTAT (§6.9): {@code id, string path, ATTRS attrs}. */
    record Setstat(int id, String path, FileAttributes attrs) implements Request {
        public int type() {
            return SSH_FXP_SETSTAT;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
            attrs.encode(w);
        }
    }

    /** SSH_FXP_FSETSTAT (§6.9): {@code id, string handle, ATTRS attrs}. */
    record Fsetstat(int id, Bytes handle, FileAttributes attrs) implements Request {
        public int type() {
            return SSH_FXP_FSETSTAT;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(handle);
            attrs.encode(w);
        }
    }

    /** SSH_FXP_OPENDIR (§6.7): {@code id, string path}. */
    record Opendir(int id, String path) implements Request {
        public int type() {
            return SSH_FXP_OPENDIR;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
        }
    }

    /** SSH_FXP_READDIR (§6.7): {@code id, string handle}. */
    record Readdir(int id, Bytes handle) implements Request {
        public int type() {
            return SSH_FXP_READDIR;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(handle);
        }
    }

    /** SSH_FXP_REMOVE (§6.5): {@code id, string filename}. */
    record Remove(int id, String filename) implements Request {
        public int type() {
            return SSH_FXP_REMOVE;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(filename);
        }
    }

    /** SSH_FXP_MKDIR (§6.6): {@code id, string path, ATTRS attrs}. */
    record Mkdir(int id, String path, FileAttributes attrs) implements Request {
        public int type() {
            return SSH_FXP_MKDIR;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
            attrs.encode(w);
        }
    }

    /** SSH_FXP_RMDIR (§6.6): {@code id, string path}. */
    record Rmdir(int id, String path) implements Request {
        public int type() {
            return SSH_FXP_RMDIR;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
        }
    }

    /** SSH_FXP_REALPATH (§6.11): {@code id, string path}. */
    record Realpath(int id, String path) implements Request {
        public int type() {
            return SSH_FXP_REALPATH;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
        }
    }

    /** SSH_FXP_STAT (§6.8): {@code id, string path}; follows symlinks. */
    record Stat(int id, String path) implements Request {
        public int type() {
            return SSH_FXP_STAT;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
        }
    }

    /** SSH_FXP_RENAME (§6.5): {@code id, string oldpath, string newpath}. */
    record Rename(int id, String oldPath, String newPath) implements Request {
        public int type() {
            return SSH_FXP_RENAME;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(oldPath).writeUtf8(newPath);
        }
    }

    /** SSH_FXP_READLINK (§6.10): {@code id, string path}. */
    record Readlink(int id, String path) implements Request {
        public int type() {
            return SSH_FXP_READLINK;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(path);
        }
    }

    /**
     * SSH_FXP_SYMLINK (§6.10) in OpenSSH's order (PROTOCOL §4.1, "sftp: Reversal of arguments to
     * SSH_FXP_SYMLINK"): {@code id, string targetpath, string linkpath}. The draft names
     * linkpath first, but OpenSSH shipped the reverse and every deployed peer follows it.
     */
    record Symlink(int id, String targetPath, String linkPath) implements Request {
        public int type() {
            return SSH_FXP_SYMLINK;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(targetPath).writeUtf8(linkPath);
        }
    }

    /** SSH_FXP_EXTENDED (§8): {@code id, string extended-request, request-specific data}. */
    record Extended(int id, String request, Bytes data) implements Request {
        public int type() {
            return SSH_FXP_EXTENDED;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUtf8(request).writeRaw(data);
        }
    }

    // ---- §7 responses ---------------------------------------------------------------------

    /**
     * SSH_FXP_STATUS (§7): {@code id, uint32 error/status code, string message, string language
     * tag}. Message and tag are read as empty when absent (some pre-v3 servers omit them).
     */
    record Status(int id, long code, String message, String languageTag) implements Response {
        /** A status with OpenSSH's message for {@code code} and an empty language tag. */
        public static Status of(int id, int code) {
            return new Status(id, code, StatusCode.message(code), "");
        }

        public int type() {
            return SSH_FXP_STATUS;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUint32(code).writeUtf8(message).writeUtf8(languageTag);
        }
    }

    /** SSH_FXP_HANDLE (§7): {@code id, string handle}. */
    record Handle(int id, Bytes handle) implements Response {
        public int type() {
            return SSH_FXP_HANDLE;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(handle);
        }
    }

    /** SSH_FXP_DATA (§7): {@code id, string data}. */
    record Data(int id, Bytes data) implements Response {
        public int sizeHint() {
            return 13 + data.length(); // exactly the frame: 4 + 1 + 4 + (4 + n)
        }

        public int type() {
            return SSH_FXP_DATA;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeString(data);
        }
    }

    /** SSH_FXP_NAME (§7): {@code id, uint32 count, (string filename, string longname, ATTRS)*}. */
    record Name(int id, List<NameEntry> entries) implements Response {
        public Name {
            entries = List.copyOf(entries);
        }

        public int type() {
            return SSH_FXP_NAME;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeUint32(entries.size());
            for (NameEntry e : entries) {
                w.writeUtf8(e.filename()).writeUtf8(e.longname());
                e.attrs().encode(w);
            }
        }
    }

    /** SSH_FXP_ATTRS (§7): {@code id, ATTRS}. */
    record Attrs(int id, FileAttributes attrs) implements Response {
        public int type() {
            return SSH_FXP_ATTRS;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id);
            attrs.encode(w);
        }
    }

    /** SSH_FXP_EXTENDED_REPLY (§8): {@code id, reply-specific data}. */
    record ExtendedReply(int id, Bytes data) implements Response {
        public int type() {
            return SSH_FXP_EXTENDED_REPLY;
        }

        public void encodeBody(SshWriter w) {
            w.writeUint32(id).writeRaw(data);
        }
    }

    /** A packet of a type v3 does not define: kept as its type byte and body. */
    record Raw(int type, Bytes body) implements SftpPacket {
        public void encodeBody(SshWriter w) {
            w.writeRaw(body);
        }

        /** The request id, if the body is long enough to carry one (every v3 request does). */
        public java.util.OptionalInt requestId() {
            return body.length() < 4 ? java.util.OptionalInt.empty()
                    : java.util.OptionalInt.of((int) new SshReader(body.slice(0, 4)).readUint32());
        }
    }

    // ---- decoding -------------------------------------------------------------------------

    /** Strict decode of {@code type, data} (a frame without its length). */
    static SftpPacket decode(byte[] packet) {
        return decode(new SshReader(packet));
    }

    /**
     * Decodes {@code type, data}; arbitrary input gives a packet or a {@link WireFormatException},
     * never another exception. Unknown types give {@link Raw}.
     */
    static SftpPacket decode(SshReader r) {
        SftpPacket p = decodeFields(r);
        r.expectEnd();
        return p;
    }

    /**
     * Decodes a client's request as OpenSSH's sftp-server reads it: the fields the type defines,
     * and any bytes after them within the frame are skipped (sftp-server.c process():
     * "msg_len > consumed" is consumed silently). pkg/sftp (rclone 1.60) sends its last WRITE of
     * an upload in a frame sized for a full buffer, the data string followed by stale bytes.
     */
    static SftpPacket decodeRequest(byte[] packet) {
        return decodeFields(new SshReader(packet));
    }

    private static SftpPacket decodeFields(SshReader r) {
        int type = r.readByte();
        return switch (type) {
            case SSH_FXP_INIT -> new Init(r.readUint32(), extensionsToEnd(r));
            case SSH_FXP_VERSION -> new Version(r.readUint32(), extensionsToEnd(r));
            case SSH_FXP_OPEN -> new Open(id(r), r.readUtf8(), (int) r.readUint32(), FileAttributes.decode(r));
            case SSH_FXP_CLOSE -> new Close(id(r), r.readString());
            case SSH_FXP_READ -> new Read(id(r), r.readString(), r.readUint64(), r.readUint32());
            case SSH_FXP_WRITE -> new Write(id(r), r.readString(), r.readUint64(), r.readString());
            case SSH_FXP_LSTAT -> new Lstat(id(r), r.readUtf8());
            case SSH_FXP_FSTAT -> new Fstat(id(r), r.readString());
            case SSH_FXP_SETSTAT -> new Setstat(id(r), r.readUtf8(), FileAttributes.decode(r));
            case SSH_FXP_FSETSTAT -> new Fsetstat(id(r), r.readString(), FileAttributes.decode(r));
            case SSH_FXP_OPENDIR -> new Opendir(id(r), r.readUtf8());
            case SSH_FXP_READDIR -> new Readdir(id(r), r.readString());
            case SSH_FXP_REMOVE -> new Remove(id(r), r.readUtf8());
            case SSH_FXP_MKDIR -> new Mkdir(id(r), r.readUtf8(), FileAttributes.decode(r));
            case SSH_FXP_RMDIR -> new Rmdir(id(r), r.readUtf8());
            case SSH_FXP_REALPATH -> new Realpath(id(r), r.readUtf8());
            case SSH_FXP_STAT -> new Stat(id(r), r.readUtf8());
            case SSH_FXP_RENAME -> new Rename(id(r), r.readUtf8(), r.readUtf8());
            case SSH_FXP_READLINK -> new Readlink(id(r), r.readUtf8());
            case SSH_FXP_SYMLINK -> new Symlink(id(r), r.readUtf8(), r.readUtf8());
            case SSH_FXP_EXTENDED -> new Extended(id(r), r.readUtf8(), r.readRest());
            case SSH_FXP_STATUS -> decodeStatus(r);
            case SSH_FXP_HANDLE -> new Handle(id(r), r.readString());
            case SSH_FXP_DATA -> new Data(id(r), r.readString());
            case SSH_FXP_NAME -> decodeName(r);
            case SSH_FXP_ATTRS -> new Attrs(id(r), FileAttributes.decode(r));
            case SSH_FXP_EXTENDED_REPLY -> new ExtendedReply(id(r), r.readRest());
            default -> new Raw(type, r.readRest());
        };
    }

    private static int id(SshReader r) {
        return (int) r.readUint32();
    }

    private static Status decodeStatus(SshReader r) {
        int id = id(r);
        long code = r.readUint32();
        String msg = r.hasRemaining() ? r.readUtf8() : "";
        String lang = r.hasRemaining() ? r.readUtf8() : "";
        return new Status(id, code, msg, lang);
    }

    private static Name decodeName(SshReader r) {
        int id = id(r);
        long count = r.readUint32();
        // Each entry is at least two empty strings and a flags word: 12 bytes.
        if (count > r.remaining() / 12) {
            throw new WireFormatException(r.position(), "NAME count " + count + " exceeds the data");
        }
        List<NameEntry> entries = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            entries.add(new NameEntry(r.readUtf8(), r.readUtf8(), FileAttributes.decode(r)));
        }
        return new Name(id, entries);
    }

    /** The extension pairs that fill the rest of INIT and VERSION (§4). */
    private static List<ExtensionPair> extensionsToEnd(SshReader r) {
        List<ExtensionPair> out = new ArrayList<>();
        while (r.hasRemaining()) {
            out.add(new ExtensionPair(r.readUtf8(), r.readString()));
        }
        return out;
    }
}
