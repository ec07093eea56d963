package org.sshwire.auth.files;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * An {@code authorized_keys} file (sshd(8) AUTHORIZED_KEYS FILE FORMAT): one key per line,
 * optionally preceded by comma-separated options, followed by an optional comment.
 *
 * <pre>{@code
 * AuthorizedKeys ak = AuthorizedKeys.parse(Files.readString(path));
 * Optional<AuthorizedKeys.Entry> e = ak.find(offeredKey);
 * e.map(AuthorizedKeys.Entry::restrictions).ifPresent(r -> ...);
 * }</pre>
 */
public final class AuthorizedKeys {
    /** sshd reads lines up to 16 KiB (SSH_MAX_PUBKEY_BYTES); longer ones are refused. */
    public static final int MAX_LINE = 16 * 1024;

    /** One key line: restrictions, key, comment and 1-based line number. */
    public record Entry(KeyRestrictions restrictions, SshPublicKey key, String comment, int lineNumber) {
    }

    /** A line that did not parse, kept so callers can log it as sshd does; such lines are ignored. */
    public record LineError(int lineNumber, String message) {
    }

    private final List<Entry> entries;
    private final List<LineError> errors;

    private AuthorizedKeys(List<Entry> entries, List<LineError> errors) {
        this.entries = List.copyOf(entries);
        this.errors = List.copyOf(errors);
    }

    /** Parses a whole file with local times in {@code expiry-time} read in the system zone, as sshd does. */
    public static AuthorizedKeys parse(String content) {
        return parse(content, ZoneId.systemDefault());
    }

    /** Parses a whole file; bad lines are skipped and reported in {@link #errors()}. */
    public static AuthorizedKeys parse(String content, ZoneId zone) {
        List<Entry> entries = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                Entry e = parseLine(lines[i], i + 1, zone);
                if (e != null) {
                    entries.add(e);
                }
            } catch (KeyFormatException ex) {
                errors.add(new LineError(i + 1, ex.getMessage()));
            }
        }
        return new AuthorizedKeys(entries, errors);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<LineError> errors() {
        return errors;
    }

    /** The first plain (non cert-authority) entry for {@code key}. */
    public Optional<Entry> find(SshPublicKey key) {
        return entries.stream().filter(e -> !e.restrictions().certAuthority() && e.key().equals(key)).findFirst();
    }

    /** The first cert-authority entry whose key signed {@code cert}; its principals/options still apply. */
    public Optional<Entry> findAuthority(SshCertificate cert) {
        return entries.stream().filter(e -> e.restrictions().certAuthority() && e.key().equals(cert.signatureKey())).findFirst();
    }

    /** Parses one line, system zone for expiry times; null for blank and comment lines. */
    public static Entry parseLine(String line) {
        return parseLine(line, 0, ZoneId.systemDefault());
    }

    /** Parses one line; null for blank and {@code #} comment lines; {@link KeyFormatException} otherwise. */
    public static Entry parseLine(String line, int lineNumber, ZoneId zone) {
        if (line.length() > MAX_LINE) {
            throw new KeyFormatException("authorized_keys line longer than " + MAX_LINE);
        }
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return null;
        }
        KeyRestrictions r = KeyRestrictions.NONE;
        // sshd first tries the line as a bare key; if that fails, the first field is the options.
        String firstField = s.split("[ \t]", 2)[0];
        if (!looksLikeKeyType(firstField)) {
            int end = optionsEnd(s);
            r = new OptionParser(s.substring(0, end), zone).parse();
            s = s.substring(end).stripLeading();
        }
        KeyFiles.PublicKeyLine key = KeyFiles.parsePublicKeyLine(s);
        return new Entry(r, key.key(), key.comment(), lineNumber);
    }

    private static boolean looksLikeKeyType(String field) {
        return field.startsWith("ssh-") || field.startsWith("ecdsa-") || field.startsWith("sk-")
                || field.startsWith("rsa-") || field.endsWith("@openssh.com");
    }

    /** Index of the first unquoted space or tab: options contain spaces only inside quotes. */
    private static int optionsEnd(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                return i;
            }
        }
        if (quoted) {
            throw new KeyFormatException("unterminated quoted option");
        }
        throw new KeyFormatException("options without a key");
    }

    /** Parses {@code expiry-time}: YYYYMMDD[HHMM[SS]] with optional trailing Z for UTC (sshd(8), ssh-keygen -V). */
    static Instant parseExpiry(String v, ZoneId zone) {
        boolean utc = v.endsWith("Z") || v.endsWith("z");
        String d = utc ? v.substring(0, v.length() - 1) : v;
        if (!d.chars().allMatch(Character::isDigit)) {
            throw new KeyFormatException("bad expiry-time " + v);
        }
        try {
            LocalDateTime t = switch (d.length()) {
                case 8 -> LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                        Integer.parseInt(d.substring(6, 8))).atStartOfDay();
                case 12, 14 -> LocalDateTime.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                        Integer.parseInt(d.substring(6, 8)), Integer.parseInt(d.substring(8, 10)),
                        Integer.parseInt(d.substring(10, 12)), d.length() == 14 ? Integer.parseInt(d.substring(12, 14)) : 0);
                default -> throw new KeyFormatException("bad expiry-time " + v);
            };
            return t.atZone(utc ? ZoneOffset.UTC : zone).toInstant();
        } catch (DateTimeException e) {
            throw new KeyFormatException("bad expiry-time " + v, e);
        }
    }

    /** Option names are case-insensitive in sshd (auth-options.c uses strncasecmp). */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
