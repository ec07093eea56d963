package org.sshwire.testvectors;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads the chacha20-poly1305@openssh.com packet known answers
 * ({@code chacha20-poly1305-openssh/kat.json}).
 *
 * <p>The file gives a vector's output either as {@code encrypted_length}, {@code ciphertext} and
 * {@code tag}, or combined as {@code output_enclen_ct_tag}; both come out split the same way.
 */
public final class ChaChaPolyKat {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private ChaChaPolyKat() {
    }

    /** All vectors in file order; skips the calling test when the file is absent (fails under {@code CI=true}). */
    public static List<Vector> load() {
        return parse(Values.readUtf8(VectorFiles.require("chacha20-poly1305-openssh/kat.json")));
    }

    static List<Vector> parse(String json) {
        List<Vector> out = new ArrayList<>();
        for (Object o : Values.list(Values.asObject(Json.parse(json), "kat.json"), "vectors")) {
            try {
                out.add(vector(Values.asObject(o, "it")));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException("vector " + out.size() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Vector vector(Map<String, Object> v) {
        byte[] key = Values.hex(v, "key64");
        if (key.length != 64) {
            throw new IllegalArgumentException("key64 has " + key.length + " bytes");
        }
        // Sequence numbers are unsigned 64-bit; values at or above 2^63 wrap to negative longs.
        BigInteger seq = Values.typed(v, "seqnr", BigDecimal.class).toBigIntegerExact();
        if (seq.signum() < 0 || seq.compareTo(TWO_TO_64) >= 0) {
            throw new IllegalArgumentException("seqnr out of the unsigned 64-bit range: " + seq);
        }
        byte[] lengthField = Values.hex(v, "plain_length_field");
        byte[] plain = Values.hex(v, "plaintext_after_length");
        byte[] encLength;
        byte[] ct;
        byte[] tag;
        if (v.containsKey("output_enclen_ct_tag")) {
            byte[] all = Values.hex(v, "output_enclen_ct_tag");
            if (all.length != 4 + plain.length + 16) {
                throw new IllegalArgumentException("output_enclen_ct_tag has " + all.length + " bytes, expected "
                        + (4 + plain.length + 16));
            }
            encLength = Arrays.copyOfRange(all, 0, 4);
            ct = Arrays.copyOfRange(all, 4, 4 + plain.length);
            tag = Arrays.copyOfRange(all, 4 + plain.length, all.length);
        } else {
            encLength = Values.hex(v, "encrypted_length");
            ct = Values.hex(v, "ciphertext");
            tag = Values.hex(v, "tag");
        }
        if (lengthField.length != 4 || encLength.length != 4 || ct.length != plain.length || tag.length != 16) {
            throw new IllegalArgumentException("field lengths: length field " + lengthField.length + ", encrypted length "
                    + encLength.length + ", ciphertext " + ct.length + " for " + plain.length + ", tag " + tag.length);
        }
        return new Vector(Values.str(v, "source"), key, seq.longValue(), lengthField, plain, encLength, ct, tag);
    }

    /**
     * One packet: {@code key64} is K_2 (payload and Poly1305 key, bytes 0..31) then K_1 (length,
     * bytes 32..63); {@code seqnr} is the unsigned 64-bit sequence number held in a long;
     * {@code plainLengthField} is the 4-byte packet length; the tag covers encrypted length and
     * ciphertext.
     */
    public record Vector(String source, byte[] key64, long seqnr, byte[] plainLengthField,
            byte[] plaintextAfterLength, byte[] encryptedLength, byte[] ciphertext, byte[] tag) {
    }
}
