package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;

class EscapeSequencesTest {
    private static String sent(EscapeSequences e, String typed, EscapeSequences.Action expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = typed.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(expected, e.feed(b, 0, b.length, out));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void tildeDotAtLineStartDisconnectsAndDropsTheRest() {
        EscapeSequences e = new EscapeSequences('~');
        assertEquals("ls\r", sent(e, "ls\r~.more", EscapeSequences.Action.DISCONNECT));
        assertEquals("", sent(new EscapeSequences('~'), "~.", EscapeSequences.Action.DISCONNECT));
    }

    @Test
    void tildeInsideALineIsOrdinary() {
        assertEquals("cd ~.", sent(new EscapeSequences('~'), "cd ~.", EscapeSequences.Action.NONE));
    }

    @Test
    void doubledTildeSendsOneAndOtherCharactersSendBoth() {
        EscapeSequences e = new EscapeSequences('~');
        assertEquals("~", sent(e, "~~", EscapeSequences.Action.NONE));
        assertEquals("\n~x", sent(e, "\n~x", EscapeSequences.Action.NONE));
    }

    @Test
    void escapeSplitAcrossReadsIsStillRecognised() {
        EscapeSequences e = new EscapeSequences('~');
        assertEquals("a\n", sent(e, "a\n~", EscapeSequences.Action.NONE));
        assertEquals("", sent(e, ".", EscapeSequences.Action.DISCONNECT));
    }

    @Test
    void questionMarkAsksForHelpAndSendsNothing() {
        assertEquals("", sent(new EscapeSequences('~'), "~?", EscapeSequences.Action.HELP));
    }

    @Test
    void customEscapeCharacterAndNone() {
        assertEquals("", sent(new EscapeSequences('%'), "%.", EscapeSequences.Action.DISCONNECT));
        assertEquals("~.", sent(new EscapeSequences(-1), "~.", EscapeSequences.Action.NONE));
    }

    /** Text that never has the escape character passes through unchanged, however it is split. */
    @Property
    void textWithoutEscapesPassesUnchanged(@ForAll @CharRange(from = 0, to = 0x7d) String typed, @ForAll int split) {
        EscapeSequences e = new EscapeSequences('~');
        int at = typed.isEmpty() ? 0 : Math.floorMod(split, typed.length() + 1);
        String out = sent(e, typed.substring(0, at), EscapeSequences.Action.NONE)
                + sent(e, typed.substring(at), EscapeSequences.Action.NONE);
        assertEquals(typed, out);
    }
}
