package org.sshwire.connection.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * glob(3) with no flags, as sshd expands Include: {@code * ? [...]} in any path component, a
 * leading '.' matched only explicitly, a backslash quoting the next character, results sorted;
 * a pattern without wildcards yields the path if it exists. No match is an empty list.
 */
final class Glob {
    private Glob() {
    }

    /** The matching paths, sorted; null if more than {@code max} (sshd's "glob failed"). */
    static List<String> expand(String pattern, int max) {
        boolean absolute = pattern.startsWith("/");
        String[] parts = pattern.split("/", -1);
        List<String> current = List.of(absolute ? "/" : "");
        for (int i = absolute ? 1 : 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            List<String> next = new ArrayList<>();
            for (String dir : current) {
                if (part.isEmpty()) {
                    if (!last) {
                        next.add(dir); // "a//b"
                    } else if (!dir.isEmpty()) {
                        next.add(dir.endsWith("/") ? dir : dir + "/");
                    }
                    continue;
                }
                if (!hasMagic(part)) {
                    next.add(join(dir, unescape(part)));
                    continue;
                }
                Path d = Path.of(dir.isEmpty() ? "." : dir);
                if (!Files.isDirectory(d)) {
                    continue;
                }
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                    for (Path e : ds) {
                        String name = e.getFileName().toString();
                        if (name.startsWith(".") && !part.startsWith(".")) {
                            continue;
                        }
                        if (matches(name, 0, part, 0)) {
                            next.add(join(dir, name));
                            if (next.size() > max) {
                                return null;
                            }
                        }
                    }
                } catch (IOException e) {
                    // unreadable directory: no match there, as glob(3) without GLOB_ERR
                }
            }
            current = next;
        }
        try (Stream<String> s = current.stream()) {
            return s.filter(p -> Files.exists(Path.of(p), LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** fnmatch-style matching of one component; linear backtracking on '*' only. */
    static boolean matches(String s, int si, String p, int pi) {
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    star = ++pi;
                    mark = si;
                    continue;
                }
                int adv = single(s.charAt(si), p, pi);
                if (adv > 0) {
                    si++;
                    pi += adv;
                    continue;
                }
            }
            if (star < 0) {
                return false;
            }
            pi = star;
            si = ++mark;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** How many pattern characters matched {@code c} at {@code pi} (0 if none). */
    private static int single(char c, String p, int pi) {
        char pc = p.charAt(pi);
        if (pc == '?') {
            return 1;
        }
        if (pc == '\\' && pi + 1 < p.length()) {
            return p.charAt(pi + 1) == c ? 2 : 0;
        }
        if (pc == '[') {
            int i = pi + 1;
            boolean neg = i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^');
            if (neg) {
                i++;
            }
            boolean ok = false;
            boolean first = true;
            while (i < p.length() && (first || p.charAt(i) != ']')) {
                first = false;
                char lo = p.charAt(i);
                if (i + 2 < p.length() && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                    ok |= c >= lo && c <= p.charAt(i + 2);
                    i += 3;
                } else {
                    ok |= c == lo;
                    i++;
                }
            }
            if (i >= p.length()) {
                return pc == c ? 1 : 0; // no closing ']': a literal '['
            }
            return ok != neg ? i + 1 - pi : 0;
        }
        return pc == c ? 1 : 0;
    }
}
