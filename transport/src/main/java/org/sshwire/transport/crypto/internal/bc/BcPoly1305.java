package org.sshwire.transport.crypto.internal.bc;

import org.bouncycastle.crypto.params.KeyParameter;
import org.sshwire.transport.crypto.Poly1305;

/** Public so the default backend can use it: BC's Poly1305 is the fastest available (DESIGN §4). */
public final class BcPoly1305 implements Poly1305 {
    private final org.bouncycastle.crypto.macs.Poly1305 mac = new org.bouncycastle.crypto.macs.Poly1305();

    @Override
    public void init(byte[] key32) {
        mac.init(new KeyParameter(key32));
    }

    @Override
    public void update(byte[] data, int off, int len) {
        mac.update(data, off, len);
    }

    @Override
    public void doFinal(byte[] out, int off) {
        mac.doFinal(out, off);
    }
}
