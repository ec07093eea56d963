package org.sshwire.transport.internal.packet;

import org.sshwire.transport.crypto.Mac;

/**
 * The MAC of one SSH packet: {@code mac = MAC(key, sequence_number || packet)} for HMAC (RFC
 * 4253 §6.4), or for UMAC (OpenSSH PROTOCOL, umac.c) a MAC over the packet alone with the
 * sequence number as its 8-byte big-endian nonce.
 */
interface PacketMac {
    int length();

    /** Writes the tag for packet {@code data[off, off+len)} with sequence number {@code seq} at {@code out[outOff]}. */
    void compute(int seq, byte[] data, int off, int len, byte[] out, int outOff);

    /** An HMAC from the crypto backend, with the sequence number fed first. */
    static PacketMac hmac(Mac mac) {
        return new PacketMac() {
            @Override
            public int length() {
                return mac.length();
            }

            @Override
            public void compute(int seq, byte[] data, int off, int len, byte[] out, int outOff) {
                mac.updateInt(seq);
                mac.update(data, off, len);
                mac.doFinal(out, outOff);
            }
        };
    }
}
