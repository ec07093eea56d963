package org.sshwire.connection.server;

import java.util.List;
import java.util.Set;
import org.sshwire.auth.internal.Wildcards;

/**
 * sshd_config's {@code AcceptEnv}: which {@code env} requests (RFC 4254 §6.4) a session takes.
 * Patterns use sshd's wildcards ({@code *} any run, {@code ?} one character). Stricter than sshd:
 * a wildcard never lets through a variable that changes how programs load or which programs run
 * (LD_*, BASH_ENV, ENV, PATH, IFS, ...); such a name passes only when listed exactly, so
 * {@code AcceptEnv *} cannot hand a client the server's dynamic linker.
 */
record AcceptEnv(List<String> patterns) {
    /** Debian's sshd_config: {@code AcceptEnv LANG LC_*}. */
    static final AcceptEnv DEFAULT = new AcceptEnv(List.of("LANG", "LC_*"));

    private static final Set<String> DANGEROUS = Set.of("BASH_ENV", "ENV", "PATH", "IFS", "SHELLOPTS", "BASHOPTS",
            "PS4", "PROMPT_COMMAND", "GCONV_PATH", "NLSPATH", "PERL5LIB", "PERL5OPT", "PYTHONPATH", "PYTHONSTARTUP",
            "PYTHONHOME", "RUBYLIB", "RUBYOPT", "NODE_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
            "LOCALDOMAIN", "RES_OPTIONS", "HOSTALIASES", "TMPDIR");

    AcceptEnv {
        patterns = List.copyOf(patterns);
    }

    boolean accepts(String name) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            return false; // not a variable name execve(2) could carry
        }
        boolean dangerous = DANGEROUS.contains(name) || name.startsWith("LD_") || name.startsWith("BASH_FUNC_");
        for (String p : patterns) {
            if (dangerous ? p.equals(name) : Wildcards.match(name, p)) {
                return true;
            }
        }
        return false;
    }
}
