package org.sshwire.transport.research;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A deterministic random stream for research (DESIGN §5; unstable API): block i of stream
 * {@code s} is SHA-256(seed ‖ s ‖ i). A server whose connections draw from {@code of(seed, n)}
 * for its n-th connection answers a replayed client with the same bytes every time, which is
 * what makes {@code sshwire replay} byte-for-byte. <b>Never use it for real connections</b>: anyone
 * who knows the seed knows every key.
 *
 * <pre>{@code
 * AtomicLong n = new AtomicLong();
 * SshServer.builder().research(info -> ConnectionResearch.of(ConnectionHooks.builder()
 *         .randomness(SeededRandom.of(seed, n.incrementAndGet())).build()));
 * }</pre>
 */
public final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte[] prefix;
    private long block;
    private byte[] current = new byte[0];
    private int used;

    private SeededRandom(byte[] seed, long stream) {
        super(); // SecureRandom() calls setSeed(long) of ours, which is ignored
        prefix = ByteBuffer.allocate(seed.length + 8).put(seed).putLong(stream).array();
    }

    /** Stream {@code stream} of {@code seed}; different streams of one seed never overlap. */
    public static SeededRandom of(byte[] seed, long stream) {
        if (seed.length == 0) {
            throw new IllegalArgumentException("empty seed");
        }
        return new SeededRandom(seed.clone(), stream);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
            if (used == current.length) {
                current = sha256(ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(block++).array());
                used = 0;
            }
            int n = Math.min(bytes.length - off, current.length - used);
            System.arraycopy(current, used, bytes, off, n);
            used += n;
            off += n;
        }
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        nextBytes(b);
        return b;
    }

    /** Ignored: the stream is fixed by the seed and stream number given to {@link #of}. */
    @Override
    public void setSeed(long seed) {
    }

    /** Ignored: the stream is fixed by the seed and stream number given to {@link #of}. */
    @Override
    public void setSeed(byte[] seed) {
    }

    @Override
    public String getAlgorithm() {
        return "sshwire-seeded-sha256";
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SeededRandom[" + Arrays.hashCode(prefix) + "]";
    }
}
