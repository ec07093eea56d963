package org.sshwire.transport.crypto.internal.jdk;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.sshwire.transport.crypto.ChaCha20;

/**
 * The JDK's ChaCha20 as a raw keystream. It is initialised in DECRYPT_MODE because the JDK
 * refuses to re-initialise ENCRYPT_MODE with an earlier key and nonce; for a stream cipher both
 * modes apply the same XOR, and nonce uniqueness is the caller's (the SSH sequence number's) job.
 * Public (in a package the module does not export) for bench/'s PrimitiveBenchmark.
 */
public final class JdkChaCha20 implements ChaCha20 {
    private final SecretKeySpec key;
    private final Cipher cipher;

    public JdkChaCha20(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            cipher = Cipher.getInstance("ChaCha20");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ChaCha20 unavailable", e);
        }
    }

    @Override
    public void start(byte[] nonce12, int counter) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new ChaCha20ParameterSpec(nonce12, counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad ChaCha20 nonce", e);
        }
    }

    @Override
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        JdkCiphers.update(cipher, in, inOff, len, out, outOff);
    }
}
