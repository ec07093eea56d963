package org.sshwire.connection.server;

import org.sshwire.auth.Permissions;

/**
 * What authentication allowed for forwarding: {@code no-port-forwarding} (and {@code restrict}),
 * {@code permitopen}, {@code permitlisten}.
 */
final class ForwardPermissions {
    private ForwardPermissions() {
    }

    static boolean mayOpen(Permissions p, String host, int port) {
        return p != null && p.hasExtension(Permissions.PERMIT_PORT_FORWARDING)
                && listed(p.criticalOptions().get(Permissions.PERMIT_OPEN), host, port);
    }

    static boolean mayListen(Permissions p, String host, int port) {
        return p != null && p.hasExtension(Permissions.PERMIT_PORT_FORWARDING)
                && listed(p.criticalOptions().get(Permissions.PERMIT_LISTEN), host, port);
    }

    /**
     * Unix-socket forwarding: as in sshd, {@code no-port-forwarding} and {@code restrict} turn it
     * off too; {@code permitopen} / {@code permitlisten} name TCP addresses and do not apply.
     */
    static boolean mayStreamLocal(Permissions p) {
        return p != null && p.hasExtension(Permissions.PERMIT_PORT_FORWARDING);
    }

    /** No list means anything; otherwise one "host:port" or "[host:]port" entry must match ("*" matches all). */
    private static boolean listed(String list, String host, int port) {
        if (list == null) {
            return true;
        }
        for (String entry : list.split(",")) {
            String e = entry.trim();
            int colon = e.lastIndexOf(':');
            String h = colon < 0 ? null : e.substring(0, colon);
            String p = colon < 0 ? e : e.substring(colon + 1);
            boolean hostOk = h == null || h.equals("*") || h.equalsIgnoreCase(host);
            boolean portOk = p.equals("*") || p.equals(Integer.toString(port));
            if (hostOk && portOk) {
                return true;
            }
        }
        return false;
    }
}
