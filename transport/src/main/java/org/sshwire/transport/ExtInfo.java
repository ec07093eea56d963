package org.sshwire.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/** SSH_MSG_EXT_INFO (RFC 8308 §2.3): a count, then name/value pairs. */
final class ExtInfo {
    /** More extensions than this is not a real peer. */
    static final int MAX_EXTENSIONS = 64;
    static final String SERVER_SIG_ALGS = "server-sig-algs";
    static final String PING = "ping@openssh.com";
    static final String PUBLICKEY_HOSTBOUND = "publickey-hostbound@openssh.com";

    private ExtInfo() {
    }

    /**
     * What our server announces, in sshd's order (kex.c kex_send_ext_info): server-sig-algs
     * (RFC 8308 §3.1), publickey-hostbound version "0" (OpenSSH PROTOCOL §2.5, verified by
     * sshwire's ServerAuthenticator) and ping (OpenSSH PROTOCOL §1.9).
     */
    static Payload serverExtensions(List<String> signatureAlgorithms) {
        SshWriter w = new SshWriter().writeUint32(3);
        w.writeUtf8(SERVER_SIG_ALGS).writeString(Bytes.utf8(String.join(",", signatureAlgorithms)));
        w.writeUtf8(PUBLICKEY_HOSTBOUND).writeString(Bytes.utf8("0"));
        w.writeUtf8(PING).writeString(Bytes.utf8("0"));
        return new Payload(MessageNumbers.SSH_MSG_EXT_INFO, w.toBytes());
    }

    /** An EXT_INFO with exactly these extensions, in order (a research policy's). */
    static Payload of(Map<String, Bytes> extensions) {
        SshWriter w = new SshWriter().writeUint32(extensions.size());
        extensions.forEach((name, value) -> w.writeUtf8(name).writeString(value));
        return new Payload(MessageNumbers.SSH_MSG_EXT_INFO, w.toBytes());
    }

    /** The extensions, in order; the count is checked before anything is read. */
    static Map<String, Bytes> decode(Payload p) {
        SshReader r = p.reader();
        long count = r.readUint32();
        if (count > MAX_EXTENSIONS) {
            throw new TransportException(DisconnectReason.PROTOCOL_ERROR, "EXT_INFO claims " + count + " extensions");
        }
        Map<String, Bytes> ext = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ext.put(r.readUtf8(), r.readString());
        }
        r.expectEnd();
        return Collections.unmodifiableMap(ext);
    }
}
