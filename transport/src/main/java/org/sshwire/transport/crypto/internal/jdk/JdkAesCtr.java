package org.sshwire.transport.crypto.internal.jdk;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.sshwire.transport.crypto.StreamCipher;

final class JdkAesCtr implements StreamCipher {
    private final Cipher cipher;

    JdkAesCtr(byte[] key, byte[] iv) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-CTR unavailable", e);
        }
    }

    @Override
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        JdkCiphers.update(cipher, in, inOff, len, out, outOff);
    }
}
