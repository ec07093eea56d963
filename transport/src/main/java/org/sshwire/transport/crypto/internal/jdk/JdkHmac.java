package org.sshwire.transport.crypto.internal.jdk;

import java.security.GeneralSecurityException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.sshwire.transport.crypto.Mac;

final class JdkHmac implements Mac {
    private final javax.crypto.Mac mac;
    private final byte[] intBuf = new byte[4];

    JdkHmac(String hash, byte[] key) {
        String name = "Hmac" + hash.replace("-", "");
        // SecretKeySpec refuses an empty key; HMAC zero-pads keys to the block size, so a single
        // zero byte is the same key (RFC 2104 §2).
        byte[] k = key.length == 0 ? new byte[1] : key;
        try {
            mac = javax.crypto.Mac.getInstance(name);
            mac.init(new SecretKeySpec(k, name));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unsupported HMAC: " + name, e);
        }
    }

    @Override
    public void update(byte[] data, int off, int len) {
        mac.update(data, off, len);
    }

    @Override
    public void updateInt(int v) {
        intBuf[0] = (byte) (v >>> 24);
        intBuf[1] = (byte) (v >>> 16);
        intBuf[2] = (byte) (v >>> 8);
        intBuf[3] = (byte) v;
        mac.update(intBuf, 0, 4);
    }

    @Override
    public void doFinal(byte[] out, int off) {
        try {
            mac.doFinal(out, off);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public int length() {
        return mac.getMacLength();
    }
}
