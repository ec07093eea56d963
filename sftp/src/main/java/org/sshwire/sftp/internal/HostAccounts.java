package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * uid/gid to name maps read once from /etc/passwd and /etc/group (what getpwuid/getgrgid
 * consult for local accounts), for longnames and users-groups-by-id@openssh.com.
 */
public final class HostAccounts {
    private static volatile HostAccounts instance;

    private final Map<Long, String> users;
    private final Map<Long, String> groups;

    private HostAccounts(Map<Long, String> users, Map<Long, String> groups) {
        this.users = users;
        this.groups = groups;
    }

    public static HostAccounts get() {
        HostAccounts h = instance;
        if (h == null) {
            h = new HostAccounts(load(Path.of("/etc/passwd")), load(Path.of("/etc/group")));
            instance = h;
        }
        return h;
    }

    private static Map<Long, String> load(Path file) {
        Map<Long, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        m.putIfAbsent(Long.parseLong(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no account database: every name is unknown
        }
        return Map.copyOf(m);
    }

    public String user(long uid) {
        return users.getOrDefault(uid, "");
    }

    public String group(long gid) {
        return groups.getOrDefault(gid, "");
    }
}
