package org.sshwire.connection.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.sshwire.transport.internal.ReloadingFile;

/**
 * A user's groups as sshd's {@code ga_init} gets them ({@code getpwnam} then
 * {@code getgrouplist}): the primary group from /etc/passwd, then every /etc/group entry that
 * lists the user; null when the user does not exist. Files only (no NSS modules), parsed again
 * only when they change ({@link ReloadingFile}).
 */
final class SystemGroups implements Function<String, List<String>> {
    /** One /etc/group line: name, gid and members. */
    private record Group(String name, String gid, List<String> members) {
    }

    /** Each user's primary gid, from the first passwd line of that name. */
    private final ReloadingFile<Map<String, String>> primaryGids;
    private final ReloadingFile<List<Group>> groups;

    SystemGroups(Path passwd, Path group) {
        this.primaryGids = new ReloadingFile<>(passwd, SystemGroups::primaryGids);
        this.groups = new ReloadingFile<>(group, SystemGroups::groups);
    }

    @Override
    public List<String> apply(String user) {
        try {
            String gid = primaryGids.get().get(user);
            if (gid == null) {
                return null;
            }
            List<Group> all = groups.get();
            List<String> out = new ArrayList<>();
            all.stream().filter(g -> g.gid().equals(gid)).findFirst().ifPresent(g -> out.add(g.name()));
            for (Group g : all) {
                if (g.members().contains(user) && !out.contains(g.name())) {
                    out.add(g.name());
                }
            }
            return out;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private static Map<String, String> primaryGids(List<String> passwd) {
        Map<String, String> gids = new HashMap<>();
        for (String line : passwd) {
            String[] f = line.split(":", -1);
            if (f.length >= 4) {
                gids.putIfAbsent(f[0], f[3]);
            }
        }
        return Map.copyOf(gids);
    }

    private static List<Group> groups(List<String> lines) {
        List<Group> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 3) {
                out.add(new Group(f[0], f[2], f.length >= 4 ? List.of(f[3].split(",")) : List.of()));
            }
        }
        return List.copyOf(out);
    }
}
