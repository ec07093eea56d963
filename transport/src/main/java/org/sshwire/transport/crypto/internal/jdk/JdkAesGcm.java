package org.sshwire.transport.crypto.internal.jdk;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.sshwire.transport.crypto.Aead;

final class JdkAesGcm implements Aead {
    private final SecretKeySpec key;
    private final Cipher cipher;

    JdkAesGcm(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM unavailable", e);
        }
    }

    @Override
    public void seal(byte[] nonce, byte[] aad, int aadOff, int aadLen,
                     byte[] buf, int off, int len, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad, aadOff, aadLen);
            cipher.doFinal(buf, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    @Override
    public boolean open(byte[] nonce, byte[] aad, int aadOff, int aadLen,
                        byte[] buf, int off, int len, byte[] out, int outOff) {
        if (len < TAG_LENGTH) {
            return false;
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad, aadOff, aadLen);
            cipher.doFinal(buf, off, len, out, outOff);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM open failed", e);
        }
    }
}
