package org.sshwire.transport.internal.packet;

import org.sshwire.transport.crypto.StreamCipher;
import org.sshwire.transport.wire.Bytes;

/** Opens what {@link CipherMacSealer} seals. */
final class CipherMacOpener implements PacketOpener {
    private final StreamCipher cipher;
    private final PacketMac mac;
    private final boolean etm;
    private final int blockSize;
    private final int lengthBlock;
    private final byte[] computed;
    private final boolean discardOnError;

    CipherMacOpener(StreamCipher cipher, int blockSize, PacketMac mac, boolean etm) {
        this(cipher, blockSize, mac, etm, false);
    }

    /** @param discardOnError CBC with an encrypted length: see {@link PacketOpener#discardsOnError()} */
    CipherMacOpener(StreamCipher cipher, int blockSize, PacketMac mac, boolean etm, boolean discardOnError) {
        this.cipher = cipher;
        this.mac = mac;
        this.etm = etm;
        this.blockSize = blockSize;
        // With the length encrypted by the cipher, the whole first block must be decrypted to read it.
        this.lengthBlock = (cipher != null && !etm) ? blockSize : 4;
        this.computed = new byte[mac == null ? 0 : mac.length()];
        this.discardOnError = discardOnError;
    }

    @Override
    public int lengthBlockSize() {
        return lengthBlock;
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
        return computed.length;
    }

    @Override
    public boolean discardsOnError() {
        return discardOnError;
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        if (cipher != null && !etm) {
            cipher.apply(buf, off, lengthBlock, buf, off);
        }
        return PacketOpener.readLength(buf, off);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) {
        if (etm) {
            verify(seq, buf, off, len);
            if (cipher != null) {
                cipher.apply(buf, off + 4, len - 4, buf, off + 4);
            }
            return;
        }
        if (cipher != null) {
            cipher.apply(buf, off + lengthBlock, len - lengthBlock, buf, off + lengthBlock);
        }
        if (mac != null) {
            verify(seq, buf, off, len);
        }
    }

    @Override
    public void discardWork(int seq, int length) {
        if (mac == null) {
            return;
        }
        // OpenSSH ssh_packet_stop_discard: one MAC over a fixed amount of filler, so the work done
        // is the same whichever check failed.
        byte[] filler = new byte[Math.max(0, length)];
        java.util.Arrays.fill(filler, (byte) 'a');
        mac.compute(seq, filler, 0, filler.length, computed, 0);
    }

    private void verify(int seq, byte[] buf, int off, int len) {
        mac.compute(seq, buf, off, len, computed, 0);
        if (!Bytes.constantTimeEquals(computed, 0, buf, off + len, computed.length)) {
            throw new PacketException.MacMismatch();
        }
    }
}
