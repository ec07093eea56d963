package org.sshwire.connection.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ssh's configuration reader (readconf.c {@code read_config_file_depth} and
 * {@code process_config_line_depth}) for one pass over the files for one destination: Host and
 * Match switch sections on and off, the first value an active line gives wins, Include reads
 * files relative to {@code ~/.ssh} (user files) or {@code /etc/ssh} (system files). A bad line is
 * reported and counted, and a file with bad lines is refused at its end, as ssh does; what ssh
 * makes fatal stops the read at once.
 *
 * <p>Bounds ssh does not have: each file at most {@link #MAX_FILE_BYTES}, and at most
 * {@link #MAX_LINES} lines read per pass, so no Include loop can run away. Include depth is ssh's
 * own limit, 16.
 */
final class ClientParser {
    static final int USERCONF = 0x01;
    static final int CHECKPERM = 0x02;
    static final int FINAL = 0x04;
    static final int NEVERMATCH = 0x08;
    static final int MAX_DEPTH = 16;
    static final int MAX_FILE_BYTES = 1 << 20;
    static final long MAX_LINES = 1_000_000;
    /** ssh.h SSH_MAX_IDENTITY_FILES / SSH_MAX_CERTIFICATE_FILES / SSH_MAX_HOSTS_FILES. */
    static final int MAX_IDENTITY_FILES = 100;
    static final int MAX_HOSTS_FILES = 32;

    final ClientOptions o;
    final ClientContext ctx;
    /** The name Host lines match: the destination as given, or after canonicalisation. */
    final String host;
    final String originalHost;
    boolean wantFinalPass;
    /** Messages ssh logs without failing (deprecated and unsupported options). */
    final List<String> notes;
    private final List<String> errors = new ArrayList<>();
    private long lines;

    ClientParser(ClientOptions o, ClientContext ctx, String host, String originalHost, List<String> notes) {
        this.o = o;
        this.ctx = ctx;
        this.host = host;
        this.originalHost = originalHost;
        this.notes = notes;
    }

    /** A line ssh counts as bad: reported, and the file is refused at its end. */
    static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message, null, false, false);
        }
    }

    /** ssh's {@code fatal()}: the errors so far, then this one. */
    SshConfigException fatal(String message) {
        List<String> all = new ArrayList<>(errors);
        all.add(message);
        return new SshConfigException(String.join("\n", all));
    }

    /** {@code read_config_file}: false if the file cannot be opened (ssh then carries on). */
    boolean readFile(Path file, int flags) {
        return readFile(file, flags, new boolean[] {true}, 0);
    }

    boolean readFile(Path file, int flags, boolean[] active, int depth) {
        if (depth < 0 || depth > MAX_DEPTH) {
            throw fatal("Too many recursive configuration includes");
        }
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return true; // fopen succeeds, reading yields nothing
            }
            if ((flags & CHECKPERM) != 0) {
                checkPermissions(file);
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw fatal(name + ": configuration too large (at most " + MAX_FILE_BYTES + " bytes)");
            }
            try (var in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
        } catch (NoSuchFileException | AccessDeniedException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw fatal(name + ": configuration too large (at most " + MAX_FILE_BYTES + " bytes)");
        }
        int bad = 0;
        int num = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
            num++;
            if (++lines > MAX_LINES) {
                throw fatal(name + ": too many configuration lines (more than " + MAX_LINES + ")");
            }
            if (!processLine(line, name, num, active, flags, depth, false)) {
                bad++;
            }
        }
        if (bad > 0) {
            throw fatal(name + ": terminating, " + bad + " bad configuration options");
        }
        return true;
    }

    /** readconf.c's {@code secure_permissions}: owned by root or the user, not writable by group or others. */
    private void checkPermissions(Path file) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            int owner = (Integer) Files.getAttribute(file, "unix:uid");
            if ((owner != 0 && owner != ctx.uid()) || (mode & 022) != 0) {
                throw fatal("Bad owner or permissions on " + file);
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: nothing to check
        }
    }

    /** {@code process_config_line} for a {@code -o} option: errors are reported at once. */
    void commandLine(String line) {
        if (!processLine(line, SshConfig.COMMAND_LINE, 0, new boolean[] {true}, USERCONF, 0, true)) {
            throw new SshConfigException(String.join("\n", errors));
        }
    }

    /** One line; false if it is bad (its message recorded). */
    private boolean processLine(String line, String file, int num, boolean[] active, int flags, int depth,
            boolean cmdline) {
        int len = line.length();
        while (len > 0 && " \t\r\n\f".indexOf(line.charAt(len - 1)) >= 0) {
            len--;
        }
        Argv.Cursor c = new Argv.Cursor(line.substring(0, len));
        String keyword = Argv.strdelim(c);
        if (keyword == null) {
            return true;
        }
        if (keyword.isEmpty()) {
            keyword = Argv.strdelim(c);
        }
        if (keyword == null || keyword.isEmpty() || keyword.startsWith("#")) {
            return true;
        }
        keyword = ClientKeyword.lower(keyword);
        String str = c.rest();
        if (str != null) {
            str = str.stripLeading();
        }
        String at = file + " line " + num;
        try {
            if (str == null || str.isEmpty()) {
                throw new Bad(at + ": no argument after keyword \"" + keyword + "\"");
            }
            ClientKeyword kw = ClientKeyword.lookup(keyword);
            String ignored = o.strings.get(ClientKeyword.IGNORE_UNKNOWN);
            if (kw == null && ignored != null && Patterns.matchList(keyword, ignored, true) == 1) {
                kw = ClientKeyword.IGNORED_UNKNOWN;
            }
            if (kw == null) {
                errors.add(file + ": line " + num + ": Bad configuration option: " + keyword);
                return false;
            }
            List<String> av = Argv.split(str);
            if (av == null) {
                throw new Bad(at + ": invalid quotes");
            }
            ClientLine l = new ClientLine(this, file, num, keyword, kw, str, av, active, flags, depth, cmdline);
            ClientDirectives.apply(l);
            if (l.remaining() > 0) {
                throw new Bad(at + ": keyword " + keyword + " extra arguments at end of line");
            }
            return true;
        } catch (Bad b) {
            if (b.getMessage() != null) {
                errors.add(b.getMessage());
            }
            return false;
        }
    }

    /** What a first pass with this parser's errors so far would report. */
    List<String> errors() {
        return errors;
    }
}
