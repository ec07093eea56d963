package org.sshwire.transport.internal.packet;

import org.sshwire.transport.crypto.StreamCipher;

/**
 * A stream or CBC cipher (AES-CTR, AES-CBC, 3DES-CBC, or none) with a MAC (or none): RFC 4253 §6
 * MAC-then-encrypt, or OpenSSH's encrypt-then-MAC (PROTOCOL §1.5) where the length stays in clear.
 */
final class CipherMacSealer implements PacketSealer {
    private final StreamCipher cipher; // null: the "none" cipher
    private final PacketMac mac; // null: the "none" MAC
    private final boolean etm;
    private final int blockSize;

    CipherMacSealer(StreamCipher cipher, int blockSize, PacketMac mac, boolean etm) {
        this.cipher = cipher;
        this.mac = mac;
        this.etm = etm;
        this.blockSize = blockSize;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public boolean lengthExcludedFromAlignment() {
        return etm;
    }

    @Override
    public int tagLength() {
        return mac == null ? 0 : mac.length();
    }

    @Override
    public void seal(int seq, byte[] packet, int off, int len) {
        if (etm) {
            if (cipher != null) {
                cipher.apply(packet, off + 4, len - 4, packet, off + 4);
            }
            mac.compute(seq, packet, off, len, packet, off + len);
            return;
        }
        if (mac != null) {
            // RFC 4253 §6.4: mac = MAC(key, sequence_number || unencrypted_packet)
            mac.compute(seq, packet, off, len, packet, off + len);
        }
        if (cipher != null) {
            cipher.apply(packet, off, len, packet, off);
        }
    }
}
