package org.sshwire.transport.crypto.internal.bc;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.sshwire.transport.crypto.Aead;

final class BcAesGcm implements Aead {
    private final KeyParameter key;
    private final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());

    BcAesGcm(byte[] key) {
        this.key = new KeyParameter(key);
    }

    @Override
    public void seal(byte[] nonce, byte[] aad, int aadOff, int aadLen,
                     byte[] buf, int off, int len, byte[] out, int outOff) {
        gcm.init(true, new AEADParameters(key, TAG_LENGTH * 8, nonce));
        gcm.processAADBytes(aad, aadOff, aadLen);
        int n = gcm.processBytes(buf, off, len, out, outOff);
        try {
            gcm.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e); // cannot happen when encrypting
        }
    }

    @Override
    public boolean open(byte[] nonce, byte[] aad, int aadOff, int aadLen,
                        byte[] buf, int off, int len, byte[] out, int outOff) {
        if (len < TAG_LENGTH) {
            return false;
        }
        gcm.init(false, new AEADParameters(key, TAG_LENGTH * 8, nonce));
        gcm.processAADBytes(aad, aadOff, aadLen);
        int n = gcm.processBytes(buf, off, len, out, outOff);
        try {
            gcm.doFinal(out, outOff + n);
            return true;
        } catch (InvalidCipherTextException e) {
            return false;
        }
    }
}
