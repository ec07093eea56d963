package org.sshwire.transport.internal.kex;

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

    /** Server: K_S, the host key (or its certificate, for a certificate algorithm) as the client sees it. */
    static Bytes hostKeyBlob(KexContext ctx) {
        return ctx.hostKey().publicBlobFor(ctx.hostKeyAlgorithm());
    }

    /** The server's signature over H, with the plain algorithm under a certificate one. */
    static Bytes sign(KexContext ctx, byte[] h) {
        SignatureAlgorithm alg = ctx.hostKeyAlgorithm();
        return ctx.hostKey().sign(alg, h, ctx.crypto());
    }
}
