package org.sshwire.connection.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ssh_config's Include: each argument is a glob; a relative one is taken in {@code ~/.ssh} for a
 * user file and in {@code /etc/ssh} for the system file, and '~' is allowed only in user files.
 * Included files must be owned by root or the user and not writable by others; a file included
 * from an inactive section is read for syntax only (its Host and Match lines never match), and
 * whatever Host or Match lines it holds, the including file's section state is restored after it.
 */
final class ClientInclude {
    static final String SYSTEM_DIR = "/etc/ssh";
    /** A bound ssh does not have on what one glob may name. */
    private static final int MAX_MATCHES = 1024;

    private ClientInclude() {
    }

    static void apply(ClientLine l) {
        if (l.cmdline) {
            throw l.bad("Include directive not supported as a command-line option");
        }
        boolean user = (l.flags & ClientParser.USERCONF) != 0;
        boolean failed = false;
        String a;
        while ((a = l.arg()) != null) {
            if (a.isEmpty()) {
                throw l.bad(l.file + " line " + l.num + ": keyword " + l.keyword + " empty argument");
            }
            if (a.startsWith("~") && !user) {
                throw l.bad(l.at() + ": bad include path " + a + ".");
            }
            String pattern;
            if (!a.startsWith("/") && !a.startsWith("~")) {
                pattern = (user ? ClientDirectives.userDir(l).toString() : SYSTEM_DIR) + "/" + a;
            } else {
                pattern = a.startsWith("~") ? Tokens.tildeExpand(a, l.parser.ctx.home()) : a;
            }
            List<String> files = Glob.expand(pattern, MAX_MATCHES);
            if (files == null) {
                throw l.bad(l.at() + ": glob failed for " + pattern + ".");
            }
            boolean oactive = l.active();
            for (String f : files) {
                int flags = l.flags | ClientParser.CHECKPERM | (oactive ? 0 : ClientParser.NEVERMATCH);
                boolean read = l.parser.readFile(Path.of(f), flags, l.active, l.depth + 1);
                if (!read && Files.exists(Path.of(f))) {
                    throw l.bad("Can't open user config file " + f + ": Permission denied");
                }
                l.active[0] = oactive;
                if (!read) {
                    failed = true;
                }
            }
        }
        if (failed) {
            // ssh returns -1 for the line when an included file could not be read: a bad line.
            throw new ClientParser.Bad(null);
        }
    }
}
