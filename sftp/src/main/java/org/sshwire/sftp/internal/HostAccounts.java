package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sshwire.transport.internal.ReloadingFile;

/**
 * uid/gid to name maps from /etc/passwd and /etc/group (what getpwuid/getgrgid consult for local
 * accounts), for longnames and users-groups-by-id@openssh.com. The files are parsed again when
 * they change ({@link ReloadingFile}), so an account added while the server runs gets its name in
 * listings, as sftp-server's getpwuid does.
 */
public final class HostAccounts {
    private static final HostAccounts HOST = new HostAccounts(Path.of("/etc/passwd"), Path.of("/etc/group"));

    private final ReloadingFile<Map<Long, String>> users;
    private final ReloadingFile<Map<Long, String>> groups;

    HostAccounts(Path passwd, Path group) {
        this.users = new ReloadingFile<>(passwd, HostAccounts::namesById);
        this.groups = new ReloadingFile<>(group, HostAccounts::namesById);
    }

    public static HostAccounts get() {
        return HOST;
    }

    /** name:x:id:... lines; the first name of an id wins, as getpwuid returns the first match. */
    private static Map<Long, String> namesById(List<String> lines) {
        Map<Long, String> m = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(":", 4);
            if (f.length >= 3) {
                try {
                    m.putIfAbsent(Long.parseLong(f[2]), f[0]);
                } catch (NumberFormatException ignored) {
                    // a malformed line names nobody
                }
            }
        }
        return Map.copyOf(m);
    }

    public String user(long uid) {
        return lookup(users, uid);
    }

    public String group(long gid) {
        return lookup(groups, gid);
    }

    private static String lookup(ReloadingFile<Map<Long, String>> file, long id) {
        try {
            return file.get().getOrDefault(id, "");
        } catch (IOException | RuntimeException e) {
            return ""; // no account database: every name is unknown
        }
    }
}
