package org.sshwire.transport.crypto.internal.bc;

import java.security.SecureRandom;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.sshwire.transport.crypto.Aead;
import org.sshwire.transport.crypto.BlockCipher;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.crypto.Mac;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.crypto.StreamCipher;

/** Every primitive from Bouncy Castle's lightweight API. */
public final class BcBackend implements CryptoBackend {
    public static final BcBackend INSTANCE = new BcBackend(new SecureRandom());

    private final SecureRandom random;
    private final KeyAgreements keyAgreements;
    private final Signatures signatures;

    private BcBackend(SecureRandom random) {
        this.random = random;
        this.keyAgreements = new BcKeyAgreements(random);
        this.signatures = new BcSignatures(random);
    }

    @Override
    public BcBackend withRandom(SecureRandom r) {
        return new BcBackend(java.util.Objects.requireNonNull(r));
    }

    @Override
    public String name() {
        return "bc";
    }

    @Override
    public SecureRandom random() {
        return random;
    }

    @Override
    public Digest digest(String algorithm) {
        return new BcDigest(BcDigest.create(algorithm));
    }

    @Override
    public Mac hmac(String hash, byte[] key) {
        HMac mac = new HMac(BcDigest.create(hash));
        mac.init(new KeyParameter(key));
        return new BcMac(mac);
    }

    @Override
    public StreamCipher aesCtr(byte[] key, byte[] iv) {
        SICBlockCipher ctr = new SICBlockCipher(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        return (in, inOff, len, out, outOff) -> ctr.processBytes(in, inOff, len, out, outOff);
    }

    @Override
    public StreamCipher cbc(String cipher, boolean encrypt, byte[] key, byte[] iv) {
        return BcBlockCiphers.cbc(cipher, encrypt, key, iv);
    }

    @Override
    public BlockCipher aes(byte[] key) {
        return BcBlockCiphers.aes(key);
    }

    @Override
    public Aead aesGcm(byte[] key) {
        return new BcAesGcm(key);
    }

    @Override
    public ChaCha20 chacha20(byte[] key) {
        return new BcChaCha20(key);
    }

    @Override
    public Poly1305 poly1305() {
        return new BcPoly1305();
    }

    @Override
    public KeyAgreements keyAgreements() {
        return keyAgreements;
    }

    @Override
    public Signatures signatures() {
        return signatures;
    }

    private record BcMac(HMac mac) implements Mac {
        @Override
        public void update(byte[] data, int off, int len) {
            mac.update(data, off, len);
        }

        @Override
        public void updateInt(int v) {
            mac.update((byte) (v >>> 24));
            mac.update((byte) (v >>> 16));
            mac.update((byte) (v >>> 8));
            mac.update((byte) v);
        }

        @Override
        public void doFinal(byte[] out, int off) {
            mac.doFinal(out, off);
        }

        @Override
        public int length() {
            return mac.getMacSize();
        }
    }
}
