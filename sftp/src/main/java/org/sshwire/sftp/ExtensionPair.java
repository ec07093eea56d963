package org.sshwire.sftp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * A name / data pair, as in INIT and VERSION extensions (draft-ietf-secsh-filexfer-02 §4) and
 * in the extended attributes of ATTRS (§5).
 *
 * <pre>{@code
 * new ExtensionPair("posix-rename@openssh.com", Bytes.utf8("1"));
 * }</pre>
 */
public record ExtensionPair(String name, Bytes data) {
    public ExtensionPair {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    /** A pair whose data is a UTF-8 string, as OpenSSH's VERSION extensions are ("1", "2"). */
    public static ExtensionPair of(String name, String data) {
        return new ExtensionPair(name, Bytes.utf8(data));
    }

    void encode(SshWriter w) {
        w.writeUtf8(name).writeString(data);
    }

    static ExtensionPair decode(SshReader r) {
        return new ExtensionPair(r.readUtf8(), r.readString());
    }

    /** uint32 count then pairs; each pair needs at least 8 bytes, checked before allocating. */
    static List<ExtensionPair> decodeCounted(SshReader r) {
        long count = r.readUint32();
        if (count > r.remaining() / 8) {
            throw new WireFormatException(r.position(), "extended count " + count + " exceeds the data");
        }
        List<ExtensionPair> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            out.add(decode(r));
        }
        return out;
    }

    /** Pairs until the end of the message (INIT / VERSION). */
    static List<ExtensionPair> decodeToEnd(SshReader r) {
        List<ExtensionPair> out = new ArrayList<>();
        while (r.hasRemaining()) {
            out.add(decode(r));
        }
        return out;
    }
}
