package org.sshwire.transport.crypto.internal.bc;

import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.sshwire.transport.crypto.ChaCha20;

final class BcChaCha20 implements ChaCha20 {
    private final KeyParameter key;
    private final ChaCha7539Engine engine = new ChaCha7539Engine();

    BcChaCha20(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 key must be 32 bytes");
        }
        this.key = new KeyParameter(key);
    }

    @Override
    public void start(byte[] nonce12, int counter) {
        if (nonce12.length != 12) {
            throw new IllegalArgumentException("ChaCha20 nonce must be 12 bytes");
        }
        engine.init(true, new ParametersWithIV(key, nonce12));
        if (counter != 0) {
            engine.seekTo(64L * Integer.toUnsignedLong(counter));
        }
    }

    @Override
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        engine.processBytes(in, inOff, len, out, outOff);
    }
}
