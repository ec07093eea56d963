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

    // RFC 4254 §8 opcodes (IUTF8 = 42 from RFC 8160).
    public static final int TTY_OP_END = 0;
    public static final int VINTR = 1;
    public static final int VQUIT = 2;
    public static final int VERASE = 3;
    public static final int VKILL = 4;
    public static final int VEOF = 5;
    public static final int VEOL = 6;
    public static final int VEOL2 = 7;
    public static final int VSTART = 8;
    public static final int VSTOP = 9;
    public static final int VSUSP = 10;
    public static final int VDSUSP = 11;
    public static final int VREPRINT = 12;
    public static final int VWERASE = 13;
    public static final int VLNEXT = 14;
    public static final int VFLUSH = 15;
    public static final int VSWTCH = 16;
    public static final int VSTATUS = 17;
    public static final int VDISCARD = 18;
    public static final int IGNPAR = 30;
    public static final int PARMRK = 31;
    public static final int INPCK = 32;
    public static final int ISTRIP = 33;
    public static final int INLCR = 34;
    public static final int IGNCR = 35;
    public static final int ICRNL = 36;
    public static final int IUCLC = 37;
    public static final int IXON = 38;
    public static final int IXANY = 39;
    public static final int IXOFF = 40;
    public static final int IMAXBEL = 41;
    public static final int IUTF8 = 42;
    public static final int ISIG = 50;
    public static final int ICANON = 51;
    public static final int XCASE = 52;
    public static final int ECHO = 53;
    public static final int ECHOE = 54;
    public static final int ECHOK = 55;
    public static final int ECHONL = 56;
    public static final int NOFLSH = 57;
    public static final int TOSTOP = 58;
    public static final int IEXTEN = 59;
    public static final int ECHOCTL = 60;
    public static final int ECHOKE = 61;
    public static final int PENDIN = 62;
    public static final int OPOST = 70;
    public static final int OLCUC = 71;
    public static final int ONLCR = 72;
    public static final int OCRNL = 73;
    public static final int ONOCR = 74;
    public static final int ONLRET = 75;
    public static final int CS7 = 90;
    public static final int CS8 = 91;
    public static final int PARENB = 92;
    public static final int PARODD = 93;
    public static final int TTY_OP_ISPEED = 128;
    public static final int TTY_OP_OSPEED = 129;

    private static final String[] NAMES = new String[160];

    static {
        NAMES[1] = "VINTR";
        NAMES[2] = "VQUIT";
        NAMES[3] = "VERASE";
        NAMES[4] = "VKILL";
        NAMES[5] = "VEOF";
        NAMES[6] = "VEOL";
        NAMES[7] = "VEOL2";
        NAMES[8] = "VSTART";
        NAMES[9] = "VSTOP";
        NAMES[10] = "VSUSP";
        NAMES[11] = "VDSUSP";
        NAMES[12] = "VREPRINT";
        NAMES[13] = "VWERASE";
        NAMES[14] = "VLNEXT";
        NAMES[15] = "VFLUSH";
        NAMES[16] = "VSWTCH";
        NAMES[17] = "VSTATUS";
        NAMES[18] = "VDISCARD";
        NAMES[30] = "IGNPAR";
        NAMES[31] = "PARMRK";
        NAMES[32] = "INPCK";
        NAMES[33] = "ISTRIP";
        NAMES[34] = "INLCR";
        NAMES[35] = "IGNCR";
        NAMES[36] = "ICRNL";
        NAMES[37] = "IUCLC";
        NAMES[38] = "IXON";
        NAMES[39] = "IXANY";
        NAMES[40] = "IXOFF";
        NAMES[41] = "IMAXBEL";
        NAMES[42] = "IUTF8";
        NAMES[50] = "ISIG";
        NAMES[51] = "ICANON";
        NAMES[52] = "XCASE";
        NAMES[53] = "ECHO";
        NAMES[54] = "ECHOE";
        NAMES[55] = "ECHOK";
        NAMES[56] = "ECHONL";
        NAMES[57] = "NOFLSH";
        NAMES[58] = "TOSTOP";
        NAMES[59] = "IEXTEN";
        NAMES[60] = "ECHOCTL";
        NAMES[61] = "ECHOKE";
        NAMES[62] = "PENDIN";
        NAMES[70] = "OPOST";
        NAMES[71] = "OLCUC";
        NAMES[72] = "ONLCR";
        NAMES[73] = "OCRNL";
        NAMES[74] = "ONOCR";
        NAMES[75] = "ONLRET";
        NAMES[90] = "CS7";
        NAMES[91] = "CS8";
        NAMES[92] = "PARENB";
        NAMES[93] = "PARODD";
        NAMES[128] = "TTY_OP_ISPEED";
        NAMES[129] = "TTY_OP_OSPEED";
    }

    /** The RFC 4254 §8 name of {@code opcode}, or {@code "OPCODE_n"} for one not defined there. */
    public static String name(int opcode) {
        return opcode >= 0 && opcode < NAMES.length && NAMES[opcode] != null ? NAMES[opcode] : "OPCODE_" + opcode;
    }

    /** The argument of the first mode with {@code opcode}, or {@code absent}. */
    public long get(int opcode, long absent) {
        for (Mode m : modes) {
            if (m.opcode() == opcode) {
                return m.argument();
            }
        }
        return absent;
    }

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
