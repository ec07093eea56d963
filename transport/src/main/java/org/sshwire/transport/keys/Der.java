package org.sshwire.transport.keys;

import java.math.BigInteger;

/**
 * A minimal, bounded DER reader (ITU-T X.690) for the few ASN.1 structures of PEM key files.
 * Definite lengths only; every length is checked against what remains before use.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int BIT_STRING = 0x03;
    static final int OID = 0x06;
    static final int NULL = 0x05;

    private final byte[] buf;
    private int pos;
    private final int end;

    Der(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private Der(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    int peekTag() {
        if (pos >= end) {
            throw new KeyFormatException("DER: unexpected end");
        }
        return buf[pos] & 0xff;
    }

    /** Reads one TLV with the given tag and returns a reader over its contents. */
    Der read(int tag) {
        int t = peekTag();
        if (t != tag) {
            throw new KeyFormatException(String.format("DER: expected tag 0x%02x, found 0x%02x", tag, t));
        }
        pos++;
        if (pos >= end) {
            throw new KeyFormatException("DER: missing length");
        }
        int first = buf[pos++] & 0xff;
        long len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4) {
                throw new KeyFormatException("DER: unsupported length encoding");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                if (pos >= end) {
                    throw new KeyFormatException("DER: truncated length");
                }
                len = (len << 8) | (buf[pos++] & 0xff);
            }
        }
        if (len > end - pos) {
            throw new KeyFormatException("DER: length " + len + " exceeds the " + (end - pos) + " bytes remaining");
        }
        Der inner = new Der(buf, pos, pos + (int) len);
        pos += (int) len;
        return inner;
    }

    byte[] bytes() {
        byte[] out = new byte[end - pos];
        System.arraycopy(buf, pos, out, 0, out.length);
        pos = end;
        return out;
    }

    void expectEnd() {
        if (pos != end) {
            throw new KeyFormatException("DER: " + (end - pos) + " trailing bytes");
        }
    }

    BigInteger integer() {
        byte[] b = read(INTEGER).bytes();
        if (b.length == 0) {
            throw new KeyFormatException("DER: empty INTEGER");
        }
        if (b.length > 4097) {
            throw new KeyFormatException("DER: INTEGER too large");
        }
        return new BigInteger(b);
    }

    byte[] octetString() {
        return read(OCTET_STRING).bytes();
    }

    /** BIT STRING contents without the unused-bits byte (which must be 0). */
    byte[] bitString() {
        byte[] b = read(BIT_STRING).bytes();
        if (b.length == 0 || b[0] != 0) {
            throw new KeyFormatException("DER: BIT STRING with unused bits");
        }
        byte[] out = new byte[b.length - 1];
        System.arraycopy(b, 1, out, 0, out.length);
        return out;
    }

    /** An OBJECT IDENTIFIER in dotted form. */
    String oid() {
        byte[] b = read(OID).bytes();
        if (b.length == 0 || b.length > 64) {
            throw new KeyFormatException("DER: bad OBJECT IDENTIFIER length");
        }
        StringBuilder sb = new StringBuilder();
        long v = 0;
        boolean first = true;
        for (int i = 0; i < b.length; i++) {
            v = (v << 7) | (b[i] & 0x7f);
            if (v > (1L << 48)) {
                throw new KeyFormatException("DER: OBJECT IDENTIFIER arc too large");
            }
            if ((b[i] & 0x80) == 0) {
                if (first) {
                    int top = v < 40 ? 0 : v < 80 ? 1 : 2;
                    sb.append(top).append('.').append(v - 40L * top);
                    first = false;
                } else {
                    sb.append('.').append(v);
                }
                v = 0;
            } else if (i == b.length - 1) {
                throw new KeyFormatException("DER: truncated OBJECT IDENTIFIER");
            }
        }
        return sb.toString();
    }

    /** Skips one element of any tag. */
    void skip() {
        read(peekTag());
    }
}
