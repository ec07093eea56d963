package org.sshwire.transport.internal.packet;

import org.sshwire.transport.crypto.Aead;

/**
 * AES-GCM for SSH (RFC 5647 §7.1, as OpenSSH's aes*-gcm@openssh.com): the 4-byte length is sent
 * in clear as associated data, the 12-byte nonce is a 4-byte fixed field plus a 64-bit
 * invocation counter that increments after every packet.
 */
final class AesGcmProtection implements PacketSealer, PacketOpener {
    private final Aead aead;
    private final byte[] nonce;

    AesGcmProtection(Aead aead, byte[] iv) {
        if (iv.length != 12) {
            throw new IllegalArgumentException("AES-GCM IV must be 12 bytes");
        }
        this.aead = aead;
        this.nonce = iv.clone();
    }

    private void incrementInvocationCounter() {
        // RFC 5647 §7.1: the low 64 bits are an unsigned big-endian counter that wraps.
        for (int i = 11; i >= 4; i--) {
            if (++nonce[i] != 0) {
                break;
            }
        }
    }

    @Override
    public int blockSize() {
        return 16;
    }

    @Override
    public boolean lengthExcludedFromAlignment() {
        return true;
    }

    @Override
    public int tagLength() {
        return Aead.TAG_LENGTH;
    }

    @Override
    public int lengthBlockSize() {
        return 4;
    }

    @Override
    public void seal(int seq, byte[] packet, int off, int len) {
        aead.seal(nonce, packet, off, 4, packet, off + 4, len - 4, packet, off + 4);
        incrementInvocationCounter();
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        return PacketOpener.readLength(buf, off);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) {
        openInto(buf, off, len, buf, off + 4);
    }

    /**
     * Decrypts out of place, into the array the payload will share: no copy after opening, and
     * JDK 18+ keep their combined AES+GHASH intrinsic, which they skip for in-place decryption
     * (about 3× slower per packet on JDK 25; the same on JDK 17).
     */
    @Override
    public byte[] openToArray(int seq, byte[] buf, int off, int len) {
        byte[] plain = new byte[len - 4];
        openInto(buf, off, len, plain, 0);
        return plain;
    }

    /** Verifies and decrypts the packet at {@code buf[off, off+len)} (tag after it) into {@code dst}. */
    private void openInto(byte[] buf, int off, int len, byte[] dst, int dstOff) {
        if (!aead.open(nonce, buf, off, 4, buf, off + 4, len - 4 + Aead.TAG_LENGTH, dst, dstOff)) {
            throw new PacketException.MacMismatch();
        }
        incrementInvocationCounter();
    }
}
