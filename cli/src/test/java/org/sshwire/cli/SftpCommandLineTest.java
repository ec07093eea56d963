package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The sftp command language: prefixes, quoting, escapes, glob forms and flags. */
class SftpCommandLineTest {
    static List<String> texts(String line) throws Exception {
        return SftpCommandLine.parse(line).words().stream().map(SftpCommandLine.Word::text).toList();
    }

    static List<String> globs(String line) throws Exception {
        return SftpCommandLine.parse(line).words().stream().map(SftpCommandLine.Word::glob).toList();
    }

    @Test
    void wordsAreSeparatedByBlanksAndTabs() throws Exception {
        assertEquals(List.of("put", "a.txt", "b.txt"), texts("  put \t a.txt   b.txt  "));
    }

    @Test
    void dashAndAtPrefixesInAnyOrderAreStrippedAndRemembered() throws Exception {
        SftpCommandLine plain = SftpCommandLine.parse("get x");
        assertFalse(plain.ignoreErrors());
        assertFalse(plain.noEcho());
        SftpCommandLine both = SftpCommandLine.parse(" @-get x");
        assertTrue(both.ignoreErrors());
        assertTrue(both.noEcho());
        assertEquals("get", both.command());
        SftpCommandLine dash = SftpCommandLine.parse("- rm x");
        assertTrue(dash.ignoreErrors());
        assertFalse(dash.noEcho());
        assertEquals(List.of("rm", "x"), texts("- rm x"));
        assertTrue(SftpCommandLine.ignoresErrors("-@get 'unterminated"));
        assertFalse(SftpCommandLine.ignoresErrors("@get x-y"));
    }

    @Test
    void aFlagAfterTheCommandIsNotAPrefix() throws Exception {
        SftpCommandLine ls = SftpCommandLine.parse("ls -l");
        assertFalse(ls.ignoreErrors());
        assertEquals(List.of("ls", "-l"), texts("ls -l"));
    }

    @Test
    void blankLinesAndCommentsAreEmpty() throws Exception {
        assertTrue(SftpCommandLine.parse("").isEmpty());
        assertTrue(SftpCommandLine.parse("   ").isEmpty());
        assertTrue(SftpCommandLine.parse("# put x").isEmpty());
        assertTrue(SftpCommandLine.parse("-# x").ignoreErrors());
        assertEquals(List.of("put", "a#b"), texts("put a#b"));
    }

    @Test
    void bangIsAShellEscapeWithTheRestOfTheLineVerbatim() throws Exception {
        SftpCommandLine bang = SftpCommandLine.parse("!echo 'a  b' | wc -c");
        assertEquals("echo 'a  b' | wc -c", bang.shellCommand());
        assertFalse(bang.isEmpty());
        assertEquals("", SftpCommandLine.parse("!").shellCommand());
        assertNull(SftpCommandLine.parse("ls").shellCommand());
    }

    @Test
    void quotesKeepBlanksAndJoinAdjacentText() throws Exception {
        assertEquals(List.of("put", "my file.txt", "dir/other name"), texts("put 'my file.txt' \"dir/other name\""));
        assertEquals(List.of("get", "abcd"), texts("get a'b'\"c\"d"));
        assertEquals(List.of("get", ""), texts("get ''"));
        assertEquals(List.of("get", "it's"), texts("get \"it's\""));
    }

    @Test
    void backslashEscapesOutsideQuotesAndOnlyQuoteOrBackslashInside() throws Exception {
        assertEquals(List.of("get", "a b"), texts("get a\\ b"));
        assertEquals(List.of("get", "a'b"), texts("get a\\'b"));
        assertEquals(List.of("get", "a\\b"), texts("get a\\\\b"));
        assertEquals(List.of("get", "a\"b"), texts("get \"a\\\"b\""));
        assertEquals(List.of("get", "a\\nb"), texts("get 'a\\nb'"), "\\n inside quotes stays as typed");
    }

    @Test
    void quotedOrEscapedWildcardsAreLiteralInTheGlobForm() throws Exception {
        assertEquals(List.of("get", "*.txt"), globs("get *.txt"));
        assertEquals(List.of("get", "\\*.txt"), globs("get '*.txt'"));
        assertEquals(List.of("get", "\\*.txt"), globs("get \\*.txt"));
        assertEquals(List.of("get", "a\\?\\[x\\]"), globs("get \"a?[x]\""));
        assertEquals(List.of("get", "*.txt"), texts("get '*.txt'"), "the plain text has no escapes");
        assertEquals(List.of("get", "a\\\\b"), globs("get 'a\\b'"), "a literal backslash is escaped for the glob");
        assertTrue(RemoteGlob.hasMagic(globs("get a*").get(1)));
        assertFalse(RemoteGlob.hasMagic(globs("get 'a*'").get(1)));
    }

    @Test
    void unterminatedQuotesAndTrailingBackslashesAreErrors() {
        assertEquals("Unterminated quote", assertThrows(SftpCommandLine.SyntaxException.class,
                () -> SftpCommandLine.parse("get 'abc")).getMessage());
        assertEquals("Unterminated quote", assertThrows(SftpCommandLine.SyntaxException.class,
                () -> SftpCommandLine.parse("get \"abc\\\"")).getMessage());
        assertEquals("Trailing backslash", assertThrows(SftpCommandLine.SyntaxException.class,
                () -> SftpCommandLine.parse("get abc\\")).getMessage());
    }

    @Test
    void flagsAreGroupedLettersBeforeTheOperands() throws Exception {
        List<SftpCommandLine.Word> args = SftpCommandLine.split("-afp -R remote local");
        SftpCommandLine.Flags f = SftpCommandLine.flags("get", args, "afpPrR");
        assertEquals(Set.of('a', 'f', 'p', 'R'), f.set());
        assertEquals(List.of("remote", "local"), f.operands().stream().map(SftpCommandLine.Word::text).toList());
        SftpCommandLine.Flags dashes = SftpCommandLine.flags("rm", SftpCommandLine.split("-- -weird"), "");
        assertEquals(List.of("-weird"), dashes.operands().stream().map(SftpCommandLine.Word::text).toList());
        SftpCommandLine.Flags late = SftpCommandLine.flags("ls", SftpCommandLine.split("dir -l"), "l");
        assertFalse(late.has('l'), "flags end at the first operand");
        assertEquals("ls: Invalid flag -z", assertThrows(SftpCommandLine.SyntaxException.class,
                () -> SftpCommandLine.flags("ls", SftpCommandLine.split("-lz"), "1afhlnrSt")).getMessage());
    }

    @Property
    void quotingAnyWordGivesItBackAsOneLiteralWord(@ForAll @StringLength(max = 30) String word) throws Exception {
        String safe = word.replaceAll("[\\x00-\\x1f]", "");
        String quoted = "'" + safe.replace("\\", "\\\\").replace("'", "\\'") + "'";
        List<SftpCommandLine.Word> words = SftpCommandLine.parse("get " + quoted).words();
        assertEquals(2, words.size());
        assertEquals(safe, words.get(1).text());
        assertFalse(RemoteGlob.hasMagic(words.get(1).glob()));
        assertEquals(safe, RemoteGlob.unescape(words.get(1).glob()));
    }

    @Property
    void plainWordsSplitLikeStringSplit(@ForAll List<@AlphaChars @StringLength(min = 1, max = 8) String> words) throws Exception {
        String line = "ls " + String.join("  ", words);
        assertEquals(words, SftpCommandLine.parse(line).words().stream().skip(1).map(SftpCommandLine.Word::text).toList());
    }
}
