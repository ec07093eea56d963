package org.sshwire.auth.files;

import java.time.Instant;
import java.util.List;

/**
 * What an authorized_keys line allows (sshd(8) AUTHORIZED_KEYS FILE FORMAT), after its options
 * have been applied in order: {@code restrict} turns every permission off, and {@code pty},
 * {@code port-forwarding}, ... turn single ones back on. The auth and connection layers enforce
 * it. Absent values are null (command, expiry, principals, tunnel) or empty lists.
 *
 * <pre>{@code
 * KeyRestrictions r = AuthorizedKeys.parseLine("restrict,pty,command=\"uptime\" ssh-ed25519 AAAA...").restrictions();
 * r.pty();                // true
 * r.portForwarding();     // false
 * r.command();            // "uptime"
 * }</pre>
 *
 * @param certAuthority the key is a CA key for user certificates ({@code cert-authority})
 * @param command       forced command, or null
 * @param from          {@code from=} host/address patterns (empty: any source)
 * @param expiry        {@code expiry-time=}, or null
 * @param principals    {@code principals=} for cert-authority keys, or null when absent
 * @param tunnel        {@code tunnel=} device number, or null
 */
public record KeyRestrictions(boolean certAuthority, String command, List<String> from, boolean pty,
                              boolean portForwarding, boolean agentForwarding, boolean x11Forwarding,
                              boolean userRc, List<String> permitOpen, List<String> permitListen,
                              List<String> environment, Instant expiry, List<String> principals,
                              boolean noTouchRequired, boolean verifyRequired, Integer tunnel) {

    /** A line without options: everything allowed. */
    public static final KeyRestrictions NONE = new KeyRestrictions(false, null, List.of(), true, true, true, true,
            true, List.of(), List.of(), List.of(), null, null, false, false, null);

    public KeyRestrictions {
        from = List.copyOf(from);
        permitOpen = List.copyOf(permitOpen);
        permitListen = List.copyOf(permitListen);
        environment = List.copyOf(environment);
        principals = principals == null ? null : List.copyOf(principals);
    }

    /** Whether the key is usable at {@code now} ({@code expiry-time} not passed). */
    public boolean validAt(Instant now) {
        return expiry == null || now.isBefore(expiry);
    }
}
