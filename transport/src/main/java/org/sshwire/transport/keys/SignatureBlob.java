package org.sshwire.transport.keys;

import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * An SSH signature blob (RFC 4253 §6.6): {@code string algorithm-name || string signature}.
 *
 * <pre>{@code
 * SignatureBlob s = SignatureBlob.parse(blob);
 * s.algorithm();   // "rsa-sha2-256"
 * }</pre>
 */
public record SignatureBlob(String algorithm, Bytes signature) {

    /** Parses strictly: nothing may follow the signature. Throws {@link KeyFormatException}. */
    public static SignatureBlob parse(Bytes blob) {
        try {
            SshReader r = new SshReader(blob);
            String alg = r.readUtf8();
            Bytes sig = r.readString();
            r.expectEnd();
            return new SignatureBlob(alg, sig);
        } catch (WireFormatException e) {
            throw new KeyFormatException("malformed signature blob: " + e.getMessage(), e);
        }
    }

    public Bytes encode() {
        return new SshWriter(signature.length() + algorithm.length() + 8)
                .writeUtf8(algorithm).writeString(signature).toBytes();
    }

    /**
     * The raw signature if {@code blob} is a well-formed blob for {@code alg} and {@code alg}
     * signs with keys of {@code keyType}; null otherwise (verification then fails closed).
     */
    static Bytes expect(SignatureAlgorithm alg, String keyType, Bytes blob) {
        if (alg == null || blob == null || !alg.plain().keyType().equals(keyType)) {
            return null;
        }
        try {
            SignatureBlob s = parse(blob);
            return s.algorithm.equals(alg.signatureName()) ? s.signature : null;
        } catch (KeyFormatException e) {
            return null;
        }
    }
}
