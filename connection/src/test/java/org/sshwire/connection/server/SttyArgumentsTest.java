package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.message.TerminalModes;
import org.sshwire.connection.message.TerminalModes.Mode;

class SttyArgumentsTest {
    private static Pty pty(Mode... modes) {
        return new Pty("xterm", 100, 30, 0, 0, new TerminalModes(List.of(modes)));
    }

    @Test
    void sizeComesFirstAndAZeroSizeBecomesOne() {
        assertEquals(List.of("cols", "100", "rows", "30"), SttyArguments.of(pty()));
        assertEquals(List.of("cols", "1", "rows", "1"), SttyArguments.of(new Pty("xterm", 0, 0, 0, 0, TerminalModes.NONE)));
    }

    /** What OpenSSH's ssh sends from a typical Linux terminal, and the stty words for it. */
    @Test
    void opensshsModesBecomeSttyWords() {
        assertEquals(List.of("cols", "100", "rows", "30", "intr", "0x03", "erase", "0x7f", "eof", "0x04", "eol", "undef",
                "icrnl", "-ixon", "iutf8", "isig", "echo", "-echoctl", "cs8", "-parenb", "ispeed", "38400", "ospeed", "38400"),
                SttyArguments.of(pty(new Mode(TerminalModes.VINTR, 3), new Mode(TerminalModes.VERASE, 127),
                        new Mode(TerminalModes.VEOF, 4), new Mode(TerminalModes.VEOL, 255), new Mode(TerminalModes.ICRNL, 1),
                        new Mode(TerminalModes.IXON, 0), new Mode(TerminalModes.IUTF8, 1), new Mode(TerminalModes.ISIG, 1),
                        new Mode(TerminalModes.ECHO, 1), new Mode(TerminalModes.ECHOCTL, 0), new Mode(TerminalModes.CS8, 1),
                        new Mode(TerminalModes.PARENB, 0), new Mode(TerminalModes.TTY_OP_ISPEED, 38400),
                        new Mode(TerminalModes.TTY_OP_OSPEED, 38400))));
    }

    @Test
    void whatLinuxOrSttyCannotTakeIsLeftOut() {
        // VDSUSP and VSTATUS are BSD's; 12345 baud has no termios name; 0 baud would hang the line up;
        // opcode 160+ is outside RFC 4254 §8.
        assertEquals(List.of("cols", "100", "rows", "30"), SttyArguments.of(pty(new Mode(TerminalModes.VDSUSP, 25),
                new Mode(TerminalModes.VSTATUS, 20), new Mode(TerminalModes.TTY_OP_ISPEED, 12345),
                new Mode(TerminalModes.TTY_OP_OSPEED, 0), new Mode(TerminalModes.CS7, 0))));
    }
}
