package org.sshwire.connection.config;

import java.util.List;
import java.util.Optional;
import org.sshwire.auth.internal.Wildcards;

/**
 * sshd's {@code allowed_user} (auth.c) for AllowUsers, DenyUsers, AllowGroups and DenyGroups, in
 * its order: DenyUsers, then AllowUsers, then (only if either group list is set) DenyGroups and
 * AllowGroups against the user's primary and supplementary groups. A user pattern may be
 * {@code USER@HOST}, the host part matched against both the client's name and address
 * ({@code match_user}, {@code match_host_and_ip}); group patterns are single wildcards
 * ({@code ga_match}).
 */
final class AllowedUser {
    private AllowedUser() {
    }

    /** Why {@code user} may not log in, in sshd's log wording; empty if it may. */
    static Optional<String> refusal(SshdSettings s, String user, List<String> groups, String host, String address) {
        String from = " from " + (host != null ? host : address);
        for (String p : s.denyUsers()) {
            if (matchUser(user, host, address, p) != 0) {
                return Optional.of("User " + user + from + " not allowed because listed in DenyUsers");
            }
        }
        List<String> allow = s.allowUsers();
        if (!allow.isEmpty() && allow.stream().noneMatch(p -> matchUser(user, host, address, p) == 1)) {
            return Optional.of("User " + user + from + " not allowed because not listed in AllowUsers");
        }
        if (!s.denyGroups().isEmpty() || !s.allowGroups().isEmpty()) {
            if (groups == null || groups.isEmpty()) {
                return Optional.of("User " + user + from + " not allowed because not in any group");
            }
            if (anyGroup(groups, s.denyGroups())) {
                return Optional.of("User " + user + from + " not allowed because a group is listed in DenyGroups");
            }
            if (!s.allowGroups().isEmpty() && !anyGroup(groups, s.allowGroups())) {
                return Optional.of("User " + user + from
                        + " not allowed because none of user's groups are listed in AllowGroups");
            }
        }
        return Optional.empty();
    }

    /** {@code match_user}: 1 matched, 0 not (a malformed host part was refused when the file was read). */
    static int matchUser(String user, String host, String address, String pattern) {
        int at = pattern.indexOf('@');
        if (at < 0) {
            return Wildcards.match(user, pattern) ? 1 : 0;
        }
        if (!Wildcards.match(user, pattern.substring(0, at))) {
            return 0;
        }
        return matchHostAndIp(host, address, pattern.substring(at + 1));
    }

    /** {@code match_host_and_ip}: a negated address or name match, or a bad list, is no match. */
    private static int matchHostAndIp(String host, String address, String patterns) {
        int mip = address == null ? 0 : Patterns.addrMatchList(address, patterns);
        if (mip == -2 || mip == -1) {
            return 0;
        }
        int mhost = host == null ? 0 : Patterns.matchHostname(host, patterns);
        if (mhost == -1) {
            return 0;
        }
        return mhost == 0 && mip == 0 ? 0 : 1;
    }

    /** {@code ga_match}: any of the user's groups matches any pattern (each a single wildcard). */
    private static boolean anyGroup(List<String> groups, List<String> patterns) {
        for (String g : groups) {
            for (String p : patterns) {
                if (Wildcards.match(g, p)) {
                    return true;
                }
            }
        }
        return false;
    }
}
