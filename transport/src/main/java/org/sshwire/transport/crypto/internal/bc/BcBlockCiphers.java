package org.sshwire.transport.crypto.internal.bc;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.sshwire.transport.crypto.BlockCipher;
import org.sshwire.transport.crypto.StreamCipher;

/** CBC (the legacy {@code -cbc} SSH ciphers) and the raw AES block (UMAC) from Bouncy Castle. */
final class BcBlockCiphers {
    private BcBlockCiphers() {
    }

    static StreamCipher cbc(String name, boolean encrypt, byte[] key, byte[] iv) {
        org.bouncycastle.crypto.BlockCipher engine = switch (name) {
            case "AES" -> AESEngine.newInstance();
            case "DESede" -> new DESedeEngine();
            default -> throw new IllegalArgumentException("unsupported CBC cipher " + name);
        };
        org.bouncycastle.crypto.BlockCipher cbc = CBCBlockCipher.newInstance(engine);
        cbc.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        int block = cbc.getBlockSize();
        return (in, inOff, len, out, outOff) -> {
            if (len % block != 0) {
                throw new IllegalArgumentException("CBC needs whole blocks, got " + len + " bytes");
            }
            if (in == out && inOff != outOff) {
                // processBlock works block by block; an overlapping shifted range would read its own output.
                in = java.util.Arrays.copyOfRange(in, inOff, inOff + len);
                inOff = 0;
            }
            for (int i = 0; i < len; i += block) {
                cbc.processBlock(in, inOff + i, out, outOff + i);
            }
        };
    }

    static BlockCipher aes(byte[] key) {
        org.bouncycastle.crypto.BlockCipher aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(key));
        return new BlockCipher() {
            @Override
            public int blockSize() {
                return 16;
            }

            @Override
            public void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
                aes.processBlock(in, inOff, out, outOff);
            }
        };
    }
}
