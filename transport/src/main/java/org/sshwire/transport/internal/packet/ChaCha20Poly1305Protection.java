package org.sshwire.transport.internal.packet;

import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.wire.Bytes;

/**
 * chacha20-poly1305@openssh.com (OpenSSH PROTOCOL.chacha20poly1305): the 64-byte key splits into
 * K_2 (first 32 bytes: payload and Poly1305 key) and K_1 (last 32: the length). The nonce is the
 * sequence number as a 64-bit big-endian value; it maps onto RFC 8439's 96-bit nonce with a zero
 * first word, identical as long as the block counter stays below 2^32 (packets are far smaller).
 * {@link #open} must follow {@link #decryptLength} for the same packet, as the deframer does.
 */
final class ChaCha20Poly1305Protection implements PacketSealer, PacketOpener {
    private static final byte[] ZERO_BLOCK = new byte[64];

    private final ChaCha20 main;
    private final ChaCha20 header;
    private final Poly1305 poly;
    private final byte[] nonce = new byte[12];
    private final byte[] polyKey = new byte[64];
    private final byte[] lengthBuf = new byte[4];
    private final byte[] tag = new byte[Poly1305.TAG_LENGTH];

    ChaCha20Poly1305Protection(CryptoBackend crypto, byte[] key64) {
        if (key64.length != 64) {
            throw new IllegalArgumentException("chacha20-poly1305 key must be 64 bytes");
        }
        this.main = crypto.chacha20(java.util.Arrays.copyOfRange(key64, 0, 32));
        this.header = crypto.chacha20(java.util.Arrays.copyOfRange(key64, 32, 64));
        this.poly = crypto.poly1305();
    }

    private void setNonce(long seq) {
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (seq >>> (56 - 8 * i));
        }
    }

    /** Starts the payload keystream: block 0 gives the Poly1305 key, the payload begins at block 1. */
    private void startMain() {
        main.start(nonce, 0);
        main.apply(ZERO_BLOCK, 0, 64, polyKey, 0);
        poly.init(java.util.Arrays.copyOf(polyKey, 32));
    }

    @Override
    public int blockSize() {
        return 8;
    }

    @Override
    public boolean lengthExcludedFromAlignment() {
        return true;
    }

    @Override
    public int tagLength() {
        return Poly1305.TAG_LENGTH;
    }

    @Override
    public int lengthBlockSize() {
        return 4;
    }

    @Override
    public void seal(int seq, byte[] packet, int off, int len) {
        seal64(Integer.toUnsignedLong(seq), packet, off, len);
    }

    /** As {@link #seal} with a full 64-bit sequence number (for known-answer tests). */
    void seal64(long seq, byte[] packet, int off, int len) {
        setNonce(seq);
        header.start(nonce, 0);
        header.apply(packet, off, 4, packet, off);
        startMain();
        main.apply(packet, off + 4, len - 4, packet, off + 4);
        poly.update(packet, off, len);
        poly.doFinal(packet, off + len);
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        return decryptLength64(Integer.toUnsignedLong(seq), buf, off);
    }

    int decryptLength64(long seq, byte[] buf, int off) {
        // Decrypt into a side buffer: the tag covers the encrypted length, so the packet must stay as received.
        setNonce(seq);
        header.start(nonce, 0);
        header.apply(buf, off, 4, lengthBuf, 0);
        return PacketOpener.readLength(lengthBuf, 0);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) {
        open64(Integer.toUnsignedLong(seq), buf, off, len);
    }

    void open64(long seq, byte[] buf, int off, int len) {
        setNonce(seq);
        startMain();
        poly.update(buf, off, len);
        poly.doFinal(tag, 0);
        if (!Bytes.constantTimeEquals(tag, 0, buf, off + len, tag.length)) {
            throw new PacketException.MacMismatch();
        }
        main.apply(buf, off + 4, len - 4, buf, off + 4);
        // The length was decrypted by decryptLength; restarting the header keystream on the same
        // nonce would be refused by the JDK's ChaCha20 (nonce-reuse guard), and is needless.
        System.arraycopy(lengthBuf, 0, buf, off, 4);
    }
}
