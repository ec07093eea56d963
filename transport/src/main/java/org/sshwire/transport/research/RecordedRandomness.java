package org.sshwire.transport.research;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.sshwire.transport.wire.Bytes;

/**
 * The two ends of recorded randomness: {@link #recording} passes a source's draws on and tells a
 * listener each one; {@link #replaying} hands out recorded draws in order and fails, naming the
 * draw, when asked for a different length or for more than were recorded. Every use of a
 * {@link SecureRandom} (nextInt, BigInteger, key generation) comes down to {@code nextBytes}, so
 * that is the one method that needs to be caught.
 */
final class RecordedRandomness {
    private RecordedRandomness() {
    }

    /** How a draw is written in a recording: hex, or "-" for an empty draw. */
    static String encode(byte[] draw) {
        return draw.length == 0 ? "-" : HexFormat.of().formatHex(draw);
    }

    static Bytes decode(String token) {
        return token.equals("-") ? Bytes.EMPTY : Bytes.fromHex(token);
    }

    /**
     * A {@link SecureRandom} whose every output comes from {@link #nextBytes} alone: seeds asked
     * for are drawn from it too, and seeds given to it are ignored (the stream is fixed elsewhere).
     */
    abstract static class Drawn extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public abstract void nextBytes(byte[] bytes);

        @Override
        public byte[] generateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            nextBytes(b);
            return b;
        }

        /** Ignored (SecureRandom's constructor calls it, too). */
        @Override
        public void setSeed(long seed) {
        }

        /** Ignored. */
        @Override
        public void setSeed(byte[] seed) {
        }
    }

    static SecureRandom recording(SecureRandom source, Consumer<byte[]> listener) {
        return new Drawn() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                source.nextBytes(bytes);
                listener.accept(bytes.clone());
            }
        };
    }

    /** Thrown when the replayed side asks for randomness the recording does not have in that place. */
    static final class Diverged extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Diverged(String message) {
            super(message);
        }
    }

    static SecureRandom replaying(List<Bytes> draws) {
        return new Drawn() {
            private static final long serialVersionUID = 1L;
            private int next;

            @Override
            public synchronized void nextBytes(byte[] bytes) {
                if (draws == null || next >= draws.size()) {
                    throw new Diverged("randomness draw " + (next + 1) + " (" + bytes.length
                            + " bytes) is beyond the " + (draws == null ? 0 : draws.size()) + " the recording holds");
                }
                Bytes d = draws.get(next);
                if (d.length() != bytes.length) {
                    throw new Diverged("randomness draw " + (next + 1) + " asks for " + bytes.length
                            + " bytes where the recording drew " + d.length());
                }
                d.copyTo(bytes, 0);
                next++;
            }
        };
    }
}
