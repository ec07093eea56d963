package org.sshwire.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One line of the sftp command language, split as OpenSSH's sftp does (sftp.c makeargv and
 * parse_args): leading {@code -} (keep going after an error) and {@code @} (do not echo) prefixes,
 * {@code #} comments, {@code !} shell escapes, words separated by blanks, single and double quotes,
 * and backslash escapes. Each word keeps two forms: its plain text, and a glob pattern in which
 * quoted or escaped {@code * ? [ ]} are backslash-escaped, so {@code get 'a*'} fetches the file
 * named {@code a*} while {@code get a*} globs.
 */
record SftpCommandLine(boolean ignoreErrors, boolean noEcho, String shellCommand, List<Word> words) {
    /** One word: {@code text} with quotes and escapes removed, {@code glob} for pattern matching. */
    record Word(String text, String glob) {
        static Word plain(String s) {
            return new Word(s, RemoteGlob.escape(s));
        }
    }

    /** A line that cannot be split (an unterminated quote, a trailing backslash). */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    /** The flags of a command ({@code ls -la}) and the words after them. */
    record Flags(Set<Character> set, List<Word> operands) {
        boolean has(char c) {
            return set.contains(c);
        }
    }

    boolean isEmpty() {
        return shellCommand == null && words.isEmpty();
    }

    /** The command name, or "" for an empty line. */
    String command() {
        return words.isEmpty() ? "" : words.get(0).text();
    }

    /** The line after its prefixes, as sftp echoes it. */
    static String echoText(String line) {
        String s = line.strip();
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '@')) {
            i++;
        }
        return s.substring(i).strip();
    }

    /** Whether the line's prefix has a {@code -}, known even when the rest cannot be parsed. */
    static boolean ignoresErrors(String line) {
        String s = line.strip();
        for (int i = 0; i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '@'); i++) {
            if (s.charAt(i) == '-') {
                return true;
            }
        }
        return false;
    }

    static SftpCommandLine parse(String line) throws SyntaxException {
        String s = line.strip();
        boolean ignore = false;
        boolean noEcho = false;
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-') {
                ignore = true;
            } else if (c == '@') {
                noEcho = true;
            } else {
                break;
            }
        }
        s = s.substring(i).strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return new SftpCommandLine(ignore, noEcho, null, List.of());
        }
        if (s.startsWith("!")) {
            return new SftpCommandLine(ignore, noEcho, s.substring(1), List.of());
        }
        return new SftpCommandLine(ignore, noEcho, null, split(s));
    }

    static List<Word> split(String s) throws SyntaxException {
        List<Word> words = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder glob = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == 0 && (c == ' ' || c == '\t')) {
                if (inWord) {
                    words.add(new Word(text.toString(), glob.toString()));
                    text.setLength(0);
                    glob.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw new SyntaxException("Trailing backslash");
                }
                char n = s.charAt(i + 1);
                // Inside quotes only the quote and the backslash itself are escapable (as sftp).
                if (quote != 0 && n != quote && n != '\\') {
                    literal(text, glob, c);
                } else {
                    literal(text, glob, n);
                    i++;
                }
            } else if (quote != 0) {
                literal(text, glob, c);
            } else {
                text.append(c);
                glob.append(c);
            }
        }
        if (quote != 0) {
            throw new SyntaxException("Unterminated quote");
        }
        if (inWord) {
            words.add(new Word(text.toString(), glob.toString()));
        }
        return words;
    }

    /** A character that stands for itself: glob metacharacters are escaped in the pattern form. */
    private static void literal(StringBuilder text, StringBuilder glob, char c) {
        text.append(c);
        if (RemoteGlob.isMeta(c)) {
            glob.append('\\');
        }
        glob.append(c);
    }

    /**
     * getopt as sftp uses it: single-letter flags, possibly grouped ({@code -afp}), before the
     * operands; {@code --} ends them; a lone {@code -} is an operand.
     */
    static Flags flags(String command, List<Word> args, String allowed) throws SyntaxException {
        Set<Character> set = new LinkedHashSet<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i).text();
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.length() == 1) {
                break;
            }
            for (char c : a.substring(1).toCharArray()) {
                if (allowed.indexOf(c) < 0) {
                    throw new SyntaxException(command + ": Invalid flag -" + c);
                }
                set.add(c);
            }
        }
        return new Flags(set, List.copyOf(args.subList(i, args.size())));
    }
}
