package org.sshwire.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sshwire.sftp.FileAttributes;

/**
 * Glob patterns ({@code * ? [a-z] [!x]}, backslash escapes) as sftp expands them: only the path
 * components that contain a wildcard are listed, a wildcard never matches a leading dot (as
 * glob(3)), and matches come back sorted. The file system is a parameter, so the same code
 * expands remote paths for get/ls/rm and local paths for put.
 */
final class RemoteGlob {
    /** The listing and stat a glob needs; stat returns null for a missing path. */
    interface Fs {
        List<Entry> list(String dir) throws IOException;

        FileAttributes stat(String path) throws IOException;

        /** A prefix that is not a readable directory simply matches nothing, as in glob(3). */
        default List<Entry> listOrEmpty(String dir) {
            try {
                return list(dir);
            } catch (IOException e) {
                return List.of();
            }
        }
    }

    record Entry(String name, FileAttributes attrs) {
    }

    /** A path that exists and matched, with its attributes. */
    record Match(String path, FileAttributes attrs) {
    }

    private RemoteGlob() {
    }

    static boolean isMeta(char c) {
        return c == '*' || c == '?' || c == '[' || c == ']' || c == '\\';
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (isMeta(c)) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    static String unescape(String glob) {
        StringBuilder b = new StringBuilder(glob.length());
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                c = glob.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** True if the pattern has an unescaped wildcard. */
    static boolean hasMagic(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** Does one path component match one pattern component? */
    static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !pattern.startsWith(".") && !pattern.startsWith("\\.")) {
            return false; // glob(3): a wildcard does not match a leading dot
        }
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = s.length(); k >= si; k--) {
                    if (match(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?') {
                pi++;
                si++;
            } else if (c == '[') {
                int end = classEnd(p, pi);
                if (end < 0) { // no closing bracket: a literal '['
                    if (s.charAt(si) != '[') {
                        return false;
                    }
                    pi++;
                    si++;
                    continue;
                }
                if (!inClass(p, pi + 1, end, s.charAt(si))) {
                    return false;
                }
                pi = end + 1;
                si++;
            } else {
                if (c == '\\' && pi + 1 < p.length()) {
                    c = p.charAt(++pi);
                }
                if (s.charAt(si) != c) {
                    return false;
                }
                pi++;
                si++;
            }
        }
        return si == s.length();
    }

    /** Index of the ']' closing the class at {@code open}, or -1. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++; // a ']' first in the class is literal
        }
        for (; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static boolean inClass(String p, int from, int end, char c) {
        boolean negate = p.charAt(from) == '!' || p.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        while (i < end) {
            char lo = p.charAt(i);
            if (lo == '\\' && i + 1 < end) {
                lo = p.charAt(++i);
            }
            char hi = lo;
            if (i + 2 < end && p.charAt(i + 1) == '-') {
                hi = p.charAt(i + 2);
                if (hi == '\\' && i + 3 < end) {
                    hi = p.charAt(i + 3);
                    i++;
                }
                i += 2;
            }
            if (c >= lo && c <= hi) {
                found = true;
            }
            i++;
        }
        return found != negate;
    }

    /**
     * Expands an absolute pattern. A pattern without wildcards yields the path itself if it
     * exists; a pattern that matches nothing yields an empty list.
     */
    static List<Match> expand(String absPattern, Fs fs) throws IOException {
        if (!hasMagic(absPattern)) {
            String path = unescape(absPattern);
            FileAttributes a = fs.stat(path);
            return a == null ? List.of() : List.of(new Match(path, a));
        }
        List<String> parts = splitPattern(absPattern);
        List<Match> current = List.of(new Match("/", null));
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean last = i == parts.size() - 1;
            List<Match> next = new ArrayList<>();
            for (Match m : current) {
                if (hasMagic(part)) {
                    List<Entry> entries = new ArrayList<>(fs.listOrEmpty(m.path()));
                    entries.sort(Comparator.comparing(Entry::name));
                    for (Entry e : entries) {
                        if (!e.name().equals(".") && !e.name().equals("..") && matches(part, e.name())
                                && (last || e.attrs().isDirectory() || e.attrs().isSymbolicLink())) {
                            next.add(new Match(join(m.path(), e.name()), e.attrs()));
                        }
                    }
                } else {
                    String path = join(m.path(), unescape(part));
                    FileAttributes a = last ? fs.stat(path) : FileAttributes.EMPTY; // checked when listed
                    if (a != null) {
                        next.add(new Match(path, a));
                    }
                }
            }
            current = next;
        }
        // Listing entries carry lstat attributes; follow symbolic links as glob(3)'s stat does.
        List<Match> out = new ArrayList<>();
        for (Match m : current) {
            FileAttributes a = m.attrs() != null && m.attrs().isSymbolicLink() ? fs.stat(m.path()) : m.attrs();
            out.add(new Match(m.path(), a != null ? a : m.attrs()));
        }
        return out;
    }

    private static List<String> splitPattern(String absPattern) {
        List<String> parts = new ArrayList<>();
        for (String p : absPattern.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
