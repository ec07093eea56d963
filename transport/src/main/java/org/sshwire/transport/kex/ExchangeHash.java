package org.sshwire.transport.kex;

import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * The exchange hash H (RFC 4253 §8): the fields every method hashes first — V_C, V_S, I_C, I_S,
 * K_S — followed by the method's own fields, which the caller appends.
 */
final class ExchangeHash {
    private ExchangeHash() {
    }

    static SshWriter begin(KexContext ctx, Bytes hostKeyBlob) {
        SshWriter w = new SshWriter(2048);
        w.writeUtf8(ctx.clientVersion());
        w.writeUtf8(ctx.serverVersion());
        w.writeString(ctx.clientKexInit());
        w.writeString(ctx.serverKexInit());
        w.writeString(hostKeyBlob);
        return w;
    }

    static byte[] digest(Digest digest, SshWriter fields) {
        byte[] data = fields.toByteArray();
        digest.update(data, 0, data.length);
        return digest.digest();
    }

    /** The server's K_S blob and its signature over H. */
    static Bytes sign(KexContext ctx, byte[] h) {
        SignatureAlgorithm alg = ctx.hostKeyAlgorithm();
        return ctx.hostKey().sign(alg, h, ctx.crypto());
    }
}
