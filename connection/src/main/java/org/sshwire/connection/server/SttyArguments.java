package org.sshwire.connection.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sshwire.connection.message.TerminalModes;

/**
 * A pty-req's size and encoded terminal modes (RFC 4254 §6.2, §8) as arguments of stty(1), which
 * applies them to the session's terminal before the shell starts, as sshd's
 * {@code tty_parse_modes} does with tcsetattr(3). Only opcodes Linux knows become arguments, and
 * only speeds stty accepts, because one argument stty rejects would make it apply none.
 */
final class SttyArguments {
    private static final Map<Integer, String> CHARACTERS = Map.ofEntries(
            Map.entry(TerminalModes.VINTR, "intr"), Map.entry(TerminalModes.VQUIT, "quit"),
            Map.entry(TerminalModes.VERASE, "erase"), Map.entry(TerminalModes.VKILL, "kill"),
            Map.entry(TerminalModes.VEOF, "eof"), Map.entry(TerminalModes.VEOL, "eol"),
            Map.entry(TerminalModes.VEOL2, "eol2"), Map.entry(TerminalModes.VSTART, "start"),
            Map.entry(TerminalModes.VSTOP, "stop"), Map.entry(TerminalModes.VSUSP, "susp"),
            Map.entry(TerminalModes.VREPRINT, "rprnt"), Map.entry(TerminalModes.VWERASE, "werase"),
            Map.entry(TerminalModes.VLNEXT, "lnext"), Map.entry(TerminalModes.VSWTCH, "swtch"),
            Map.entry(TerminalModes.VDISCARD, "discard"));
    private static final Map<Integer, String> FLAGS = Map.ofEntries(
            Map.entry(TerminalModes.IGNPAR, "ignpar"), Map.entry(TerminalModes.PARMRK, "parmrk"),
            Map.entry(TerminalModes.INPCK, "inpck"), Map.entry(TerminalModes.ISTRIP, "istrip"),
            Map.entry(TerminalModes.INLCR, "inlcr"), Map.entry(TerminalModes.IGNCR, "igncr"),
            Map.entry(TerminalModes.ICRNL, "icrnl"), Map.entry(TerminalModes.IUCLC, "iuclc"),
            Map.entry(TerminalModes.IXON, "ixon"), Map.entry(TerminalModes.IXANY, "ixany"),
            Map.entry(TerminalModes.IXOFF, "ixoff"), Map.entry(TerminalModes.IMAXBEL, "imaxbel"),
            Map.entry(TerminalModes.IUTF8, "iutf8"), Map.entry(TerminalModes.ISIG, "isig"),
            Map.entry(TerminalModes.ICANON, "icanon"), Map.entry(TerminalModes.XCASE, "xcase"),
            Map.entry(TerminalModes.ECHO, "echo"), Map.entry(TerminalModes.ECHOE, "echoe"),
            Map.entry(TerminalModes.ECHOK, "echok"), Map.entry(TerminalModes.ECHONL, "echonl"),
            Map.entry(TerminalModes.NOFLSH, "noflsh"), Map.entry(TerminalModes.TOSTOP, "tostop"),
            Map.entry(TerminalModes.IEXTEN, "iexten"), Map.entry(TerminalModes.ECHOCTL, "echoctl"),
            Map.entry(TerminalModes.ECHOKE, "echoke"), Map.entry(TerminalModes.PENDIN, "pendin"),
            Map.entry(TerminalModes.OPOST, "opost"), Map.entry(TerminalModes.OLCUC, "olcuc"),
            Map.entry(TerminalModes.ONLCR, "onlcr"), Map.entry(TerminalModes.OCRNL, "ocrnl"),
            Map.entry(TerminalModes.ONOCR, "onocr"), Map.entry(TerminalModes.ONLRET, "onlret"),
            Map.entry(TerminalModes.PARENB, "parenb"), Map.entry(TerminalModes.PARODD, "parodd"));
    /** The rates termios(3) has names for, which are the only ones stty takes; not 0, which hangs the line up. */
    private static final Set<Long> SPEEDS = Set.of(50L, 75L, 110L, 134L, 150L, 200L, 300L, 600L, 1200L, 1800L,
            2400L, 4800L, 9600L, 19200L, 38400L, 57600L, 115200L, 230400L, 460800L, 500000L, 576000L, 921600L,
            1000000L, 1152000L, 1500000L, 2000000L, 2500000L, 3000000L, 3500000L, 4000000L);
    /** RFC 4254 §8 leaves "disabled" to the implementation; OpenSSH encodes _POSIX_VDISABLE as 255. */
    private static final long DISABLED = 255;

    private SttyArguments() {
    }

    static List<String> of(Pty pty) {
        List<String> args = new ArrayList<>(List.of("cols", Integer.toString(Math.max(1, pty.columns())),
                "rows", Integer.toString(Math.max(1, pty.rows()))));
        for (TerminalModes.Mode m : pty.modes().modes()) {
            int op = m.opcode();
            long v = m.argument();
            if (CHARACTERS.containsKey(op)) {
                args.add(CHARACTERS.get(op));
                args.add(v == DISABLED || v > 0xff ? "undef" : String.format("0x%02x", v));
            } else if (FLAGS.containsKey(op)) {
                args.add(v != 0 ? FLAGS.get(op) : "-" + FLAGS.get(op));
            } else if (op == TerminalModes.CS7 || op == TerminalModes.CS8) {
                if (v != 0) {
                    args.add(op == TerminalModes.CS7 ? "cs7" : "cs8");
                }
            } else if ((op == TerminalModes.TTY_OP_ISPEED || op == TerminalModes.TTY_OP_OSPEED) && SPEEDS.contains(v)) {
                args.add(op == TerminalModes.TTY_OP_ISPEED ? "ispeed" : "ospeed");
                args.add(Long.toString(v));
            }
        }
        return args;
    }
}
