package org.sshwire.sftp.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Numeric ids for the owners and groups of a file system that is not the host's (Jimfs and
 * other in-memory or remote providers), where SFTP v3's ATTRS (draft-ietf-secsh-filexfer-02 §5)
 * can carry only a uid and gid: names are numbered as they are met (or take the provider's own
 * number, with its {@code unix} view), and users-groups-by-id@openssh.com and long names map the
 * numbers back, so a client never sees the host's account of the same number (Jimfs' first user
 * is uid 1, the host's "daemon"). At most {@link #MAX_NAMES} names of each kind are numbered;
 * owners past that are sent without UIDGID.
 */
final class ProviderAccounts {
    static final int MAX_NAMES = 4096;
    /** First synthesized id: clear of root and of the system ids a client may think it knows. */
    private static final long FIRST_ID = 1000;

    private final Kind users = new Kind();
    private final Kind groups = new Kind();

    /** One namespace: users or groups. */
    private static final class Kind {
        private final Map<String, Long> ids = new HashMap<>();
        private final Map<Long, String> names = new HashMap<>();
        private long next = FIRST_ID;

        synchronized long id(String name) {
            Long id = ids.get(name);
            if (id != null) {
                return id;
            }
            if (ids.size() >= MAX_NAMES) {
                return -1;
            }
            while (names.containsKey(next)) {
                next++;
            }
            ids.put(name, next);
            names.put(next, name);
            return next++;
        }

        synchronized void remember(long id, String name) {
            if (!names.containsKey(id) && names.size() < MAX_NAMES) {
                names.put(id, name);
                ids.putIfAbsent(name, id);
            }
        }

        synchronized String name(long id) {
            return names.getOrDefault(id, "");
        }
    }

    /** The id of user {@code name}, numbering it if new; -1 when the table is full. */
    long userId(String name) {
        return users.id(name);
    }

    long groupId(String name) {
        return groups.id(name);
    }

    /** The provider numbered this user itself (its {@code unix:uid}). */
    void rememberUser(long uid, String name) {
        users.remember(uid, name);
    }

    void rememberGroup(long gid, String name) {
        groups.remember(gid, name);
    }

    /** The name of {@code uid}, or "" if none was met. */
    String userName(long uid) {
        return users.name(uid);
    }

    String groupName(long gid) {
        return groups.name(gid);
    }
}
