package org.sshwire.transport.crypto.internal.jdk;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.sshwire.transport.crypto.BlockCipher;
import org.sshwire.transport.crypto.StreamCipher;

/** CBC (the legacy {@code -cbc} SSH ciphers) and the raw AES block (UMAC) from the JCA. */
final class JdkBlockCiphers {
    private JdkBlockCiphers() {
    }

    static StreamCipher cbc(String name, boolean encrypt, byte[] key, byte[] iv) {
        Cipher c = init(name + "/CBC/NoPadding", encrypt, new SecretKeySpec(key, name), new IvParameterSpec(iv));
        int block = c.getBlockSize();
        return (in, inOff, len, out, outOff) -> {
            if (len % block != 0) {
                throw new IllegalArgumentException("CBC needs whole blocks, got " + len + " bytes");
            }
            // NoPadding: the JCA keeps no block back in either direction, so update() returns all of it.
            JdkCiphers.update(c, in, inOff, len, out, outOff);
        };
    }

    static BlockCipher aes(byte[] key) {
        Cipher c = init("AES/ECB/NoPadding", true, new SecretKeySpec(key, "AES"), null);
        return new BlockCipher() {
            @Override
            public int blockSize() {
                return 16;
            }

            @Override
            public void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
                JdkCiphers.update(c, in, inOff, 16, out, outOff);
            }
        };
    }

    private static Cipher init(String transformation, boolean encrypt, SecretKeySpec key, IvParameterSpec iv) {
        try {
            Cipher c = Cipher.getInstance(transformation);
            int mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            if (iv == null) {
                c.init(mode, key);
            } else {
                c.init(mode, key, iv);
            }
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(transformation + " unavailable", e);
        }
    }
}
