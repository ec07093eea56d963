package org.sshwire.connection.config;

import java.util.List;

/**
 * One row of the keyword table (servconf.c {@code keywords[]}): the name as sshd_config(5)
 * spells it, the option it sets (its {@code -T} name), whether it may appear inside Match, and
 * how its arguments are parsed. Aliases share the option of the keyword they stand for.
 *
 * @param name    as documented, e.g. {@code KbdInteractiveAuthentication}
 * @param option  the option set, as {@code sshd -T} prints it, e.g. {@code kbdinteractiveauthentication}
 * @param inMatch sshd's SSHCFG_MATCH: allowed on the lines after a Match
 * @param status  whether sshwire implements it
 * @param handler parses and stores one occurrence
 * @param allowed for a keyword sshwire implements only in part, the values it accepts
 */
record Keyword(String name, String option, boolean inMatch, Status status, Handler handler, List<String> allowed) {

    enum Status {
        /** Parsed, validated and typed; printed by {@code -T}. */
        SUPPORTED,
        /** Known to sshd, not implemented by sshwire: the load fails naming it. */
        REFUSED,
        /** sshd itself ignores it with a log line ("Deprecated option", "Unsupported option"). */
        IGNORED
    }

    /** Parses one occurrence of a keyword into the options. */
    @FunctionalInterface
    interface Handler {
        void apply(Line l);
    }
}
