package org.sshwire.transport.crypto.internal.bc;

import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.sshwire.transport.crypto.Digest;

record BcDigest(org.bouncycastle.crypto.Digest d) implements Digest {

    static org.bouncycastle.crypto.Digest create(String algorithm) {
        return switch (algorithm) {
            case "MD5" -> new MD5Digest();
            case "SHA-1" -> new SHA1Digest();
            case "SHA-224" -> new SHA224Digest();
            case "SHA-256" -> new SHA256Digest();
            case "SHA-384" -> new SHA384Digest();
            case "SHA-512" -> new SHA512Digest();
            default -> throw new IllegalArgumentException("unsupported digest: " + algorithm);
        };
    }

    @Override
    public void update(byte[] data, int off, int len) {
        d.update(data, off, len);
    }

    @Override
    public byte[] digest() {
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    @Override
    public int length() {
        return d.getDigestSize();
    }
}
