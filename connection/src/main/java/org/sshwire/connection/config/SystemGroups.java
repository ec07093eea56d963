package org.sshwire.connection.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A user's groups as sshd's {@code ga_init} gets them ({@code getpwnam} then
 * {@code getgrouplist}): the primary group from /etc/passwd, then every /etc/group entry that
 * lists the user; null when the user does not exist. Files only (no NSS modules).
 */
final class SystemGroups implements Function<String, List<String>> {
    private final Path passwd;
    private final Path group;

    SystemGroups(Path passwd, Path group) {
        this.passwd = passwd;
        this.group = group;
    }

    @Override
    public List<String> apply(String user) {
        try {
            String gid = null;
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(user)) {
                    gid = f[3];
                    break;
                }
            }
            if (gid == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(group, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[2].equals(gid)) {
                    out.add(f[0]);
                    break;
                }
            }
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && List.of(f[3].split(",")).contains(user) && !out.contains(f[0])) {
                    out.add(f[0]);
                }
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }
}
