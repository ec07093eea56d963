package org.sshwire.auth;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.SshWriter;

/** The data a client signs (RFC 4252 §7 for publickey, §9 for hostbased). */
final class SignedData {
    private SignedData() {
    }

    /** RFC 4252 §7: session id, 50, user, service, "publickey", TRUE, algorithm, key blob. */
    static byte[] publicKey(Bytes sessionId, String user, String service, String algorithm, Bytes keyBlob) {
        return new SshWriter().writeString(sessionId).writeByte(MessageNumbers.SSH_MSG_USERAUTH_REQUEST)
                .writeUtf8(user).writeUtf8(service).writeUtf8(AuthMethod.PUBLICKEY).writeBoolean(true)
                .writeUtf8(algorithm).writeString(keyBlob).toByteArray();
    }

    /**
     * OpenSSH PROTOCOL §2.5: as {@link #publicKey} with method "publickey-hostbound-v00@openssh.com"
     * and the server host key blob appended.
     */
    static byte[] publicKeyHostBound(Bytes sessionId, String user, String service, String algorithm, Bytes keyBlob,
                                     Bytes hostKey) {
        return new SshWriter().writeString(sessionId).writeByte(MessageNumbers.SSH_MSG_USERAUTH_REQUEST)
                .writeUtf8(user).writeUtf8(service).writeUtf8(AuthMethod.PUBLICKEY_HOSTBOUND).writeBoolean(true)
                .writeUtf8(algorithm).writeString(keyBlob).writeString(hostKey).toByteArray();
    }

    /** RFC 4252 §9: session id, 50, user, service, "hostbased", algorithm, key blob, client host, client user. */
    static byte[] hostBased(Bytes sessionId, String user, String service, String algorithm, Bytes keyBlob,
                            String clientHost, String clientUser) {
        return new SshWriter().writeString(sessionId).writeByte(MessageNumbers.SSH_MSG_USERAUTH_REQUEST)
                .writeUtf8(user).writeUtf8(service).writeUtf8(AuthMethod.HOSTBASED).writeUtf8(algorithm)
                .writeString(keyBlob).writeUtf8(clientHost).writeUtf8(clientUser).toByteArray();
    }
}
