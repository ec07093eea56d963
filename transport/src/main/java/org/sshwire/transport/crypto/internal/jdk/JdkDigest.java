package org.sshwire.transport.crypto.internal.jdk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.sshwire.transport.crypto.Digest;

final class JdkDigest implements Digest {
    private final MessageDigest md;

    JdkDigest(String algorithm) {
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unsupported digest: " + algorithm, e);
        }
    }

    @Override
    public void update(byte[] data, int off, int len) {
        md.update(data, off, len);
    }

    @Override
    public byte[] digest() {
        return md.digest();
    }

    @Override
    public int length() {
        return md.getDigestLength();
    }
}
