package org.sshwire.connection.message;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The encoded terminal modes of a {@code pty-req} (RFC 4254 §8): a stream of {@code byte opcode,
 * uint32 argument} pairs ended by TTY_OP_END (0).
 *
 * <p>Decoding is bounded: more than {@link #MAX_MODES} pairs is an error, found before anything
 * beyond the list of at most {@code MAX_MODES} entries is allocated (DESIGN §6). Opcodes 160–255
 * stop parsing (RFC 4254 §8: "cause parsing to stop"); a missing TTY_OP_END is tolerated, as
 * OpenSSH does, since the string length already delimits the stream.
 *
 * <pre>{@code
 * TerminalModes m = new TerminalModes(List.of(new TerminalModes.Mode(TerminalModes.ECHO, 1)));
 * m.toBytes();   // 35 00000001 00
 * }</pre>
 */
public record TerminalModes(List<Mode> modes) {
    /** More pairs than this are refused; RFC 4254 §8 defines fewer than 70 opcodes. */
    public static final int MAX_MODES = 256;

    public static final int TTY_OP_END = 0;
    public static final int VINTR = 1;
    public static final int VERASE = 3;
    public static final int ECHO = 53;
    public static final int ICANON = 51;
    public static final int TTY_OP_ISPEED = 128;
    public static final int TTY_OP_OSPEED = 129;

    /** One mode: {@code opcode} in 1..159 and its uint32 argument. */
    public record Mode(int opcode, long argument) {
        public Mode {
            if (opcode < 1 || opcode > 159) {
                throw new IllegalArgumentException("terminal mode opcode out of range 1..159: " + opcode);
            }
            Uint32.check(argument, "terminal mode argument");
        }
    }

    public static final TerminalModes NONE = new TerminalModes(List.of());

    public TerminalModes {
        modes = List.copyOf(modes);
        if (modes.size() > MAX_MODES) {
            throw new IllegalArgumentException("more than " + MAX_MODES + " terminal modes");
        }
    }

    public void encode(SshWriter w) {
        for (Mode m : modes) {
            w.writeByte(m.opcode()).writeUint32(m.argument());
        }
        w.writeByte(TTY_OP_END);
    }

    public Bytes toBytes() {
        SshWriter w = new SshWriter();
        encode(w);
        return w.toBytes();
    }

    /**
     * Parses the encoded modes.
     *
     * @throws WireFormatException if an argument is truncated or there are more than {@link #MAX_MODES}
     */
    public static TerminalModes decode(Bytes encoded) {
        SshReader r = new SshReader(encoded);
        List<Mode> modes = new ArrayList<>();
        while (r.hasRemaining()) {
            int opcode = r.readByte();
            if (opcode == TTY_OP_END || opcode >= 160) {
                break; // RFC 4254 §8: 160..255 "cause parsing to stop"
            }
            if (modes.size() == MAX_MODES) {
                throw new WireFormatException(r.position() - 1, "more than " + MAX_MODES + " terminal modes");
            }
            modes.add(new Mode(opcode, r.readUint32()));
        }
        return new TerminalModes(modes);
    }
}
