package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.sshwire.sftp.FileAttributes;

/** Glob matching of one component, and expansion over a file system given as a map. */
class RemoteGlobTest {
    @Test
    void wildcardsClassesAndEscapes() {
        assertTrue(RemoteGlob.matches("*.txt", "a.txt"));
        assertFalse(RemoteGlob.matches("*.txt", "a.txt.bak"));
        assertTrue(RemoteGlob.matches("?.txt", "b.txt"));
        assertFalse(RemoteGlob.matches("?.txt", "bb.txt"));
        assertTrue(RemoteGlob.matches("[a-c]x", "bx"));
        assertFalse(RemoteGlob.matches("[a-c]x", "dx"));
        assertTrue(RemoteGlob.matches("[!a-c]x", "dx"));
        assertTrue(RemoteGlob.matches("[^a]x", "bx"));
        assertTrue(RemoteGlob.matches("[]]", "]"));
        assertTrue(RemoteGlob.matches("a\\*", "a*"));
        assertFalse(RemoteGlob.matches("a\\*", "ab"));
        assertTrue(RemoteGlob.matches("[", "["), "an unclosed bracket is literal");
        assertTrue(RemoteGlob.matches("*", ""));
        assertTrue(RemoteGlob.matches("a*b*c", "aXXbYYbc"));
    }

    @Test
    void wildcardsDoNotMatchALeadingDot() {
        assertFalse(RemoteGlob.matches("*", ".hidden"));
        assertFalse(RemoteGlob.matches("?hidden", ".hidden"));
        assertTrue(RemoteGlob.matches(".*", ".hidden"));
    }

    @Test
    void magicEscapeAndUnescape() {
        assertTrue(RemoteGlob.hasMagic("/a/*.txt"));
        assertTrue(RemoteGlob.hasMagic("a[bc]"));
        assertFalse(RemoteGlob.hasMagic("/a/\\*.txt"));
        assertEquals("a\\*b\\?\\[c\\]\\\\", RemoteGlob.escape("a*b?[c]\\"));
        assertEquals("a*b?[c]\\", RemoteGlob.unescape(RemoteGlob.escape("a*b?[c]\\")));
    }

    @Property
    void anEscapedNameMatchesItselfOnly(@ForAll String name) {
        String escaped = RemoteGlob.escape(name);
        assertFalse(RemoteGlob.hasMagic(escaped));
        assertEquals(name, RemoteGlob.unescape(escaped));
        assertTrue(name.startsWith(".") || RemoteGlob.matches(escaped, name));
        assertFalse(RemoteGlob.matches(escaped, name + "x"));
    }

    static final FileAttributes DIR = FileAttributes.EMPTY.withPermissions(FileAttributes.S_IFDIR | 0755);
    static final FileAttributes FILE = FileAttributes.EMPTY.withPermissions(FileAttributes.S_IFREG | 0644);

    /** /home/{a.txt, b.txt, .c.txt, sub/{d.txt}, other/{e.txt}} */
    static final Map<String, FileAttributes> TREE = Map.of("/home", DIR, "/home/a.txt", FILE, "/home/b.log", FILE,
            "/home/.c.txt", FILE, "/home/sub", DIR, "/home/sub/d.txt", FILE, "/home/other", DIR, "/home/other/e.txt", FILE,
            "/home/it*s", FILE);

    static final RemoteGlob.Fs FS = new RemoteGlob.Fs() {
        @Override
        public List<RemoteGlob.Entry> list(String dir) throws IOException {
            if (TREE.get(dir) != DIR && !dir.equals("/")) {
                throw new IOException("not a directory: " + dir);
            }
            List<RemoteGlob.Entry> out = new ArrayList<>();
            String prefix = dir.endsWith("/") ? dir : dir + "/";
            TREE.forEach((p, a) -> {
                if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
                    out.add(new RemoteGlob.Entry(p.substring(prefix.length()), a));
                }
            });
            return out;
        }

        @Override
        public FileAttributes stat(String path) {
            return path.equals("/") ? DIR : TREE.get(path);
        }
    };

    static List<String> expand(String pattern) throws IOException {
        return RemoteGlob.expand(pattern, FS).stream().map(RemoteGlob.Match::path).toList();
    }

    @Test
    void expansionListsOnlyComponentsWithWildcardsAndSorts() throws IOException {
        assertEquals(List.of("/home/a.txt"), expand("/home/*.txt"));
        assertEquals(List.of("/home/a.txt", "/home/b.log", "/home/it*s", "/home/other", "/home/sub"), expand("/home/*"));
        assertEquals(List.of("/home/other/e.txt", "/home/sub/d.txt"), expand("/home/*/*.txt"));
        assertEquals(List.of("/home/sub/d.txt"), expand("/h*/s?b/d.txt"));
        assertEquals(List.of("/home/it*s"), expand("/home/it\\*s"));
        assertEquals(List.of(), expand("/home/*.none"));
        assertEquals(List.of(), expand("/home/missing"));
        assertEquals(List.of("/home/a.txt"), expand("/home/a.txt"));
        assertEquals(List.of(), expand("/home/a.txt/*"), "a file is not a directory to list");
    }

    @Test
    void joinAddsOneSlash() {
        assertEquals("/a", RemoteGlob.join("/", "a"));
        assertEquals("/x/a", RemoteGlob.join("/x", "a"));
        assertEquals("/x/a", RemoteGlob.join("/x/", "a"));
    }
}
