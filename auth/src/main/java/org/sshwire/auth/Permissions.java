package org.sshwire.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a successful authentication allows, carried from the auth layer to the connection layer,
 * as in Go's {@code ssh.Permissions}: critical options the connection layer must enforce or
 * refuse the session, and extensions that grant optional features. Names follow OpenSSH
 * certificates (PROTOCOL.certkeys) and authorized_keys options.
 *
 * <pre>{@code
 * Permissions p = Permissions.NONE.withCriticalOption(Permissions.FORCE_COMMAND, "uptime")
 *         .withExtension(Permissions.PERMIT_PTY, "");
 * p.forceCommand();   // Optional["uptime"]
 * }</pre>
 */
public record Permissions(Map<String, String> criticalOptions, Map<String, String> extensions) {
    /** Run this command whatever the client asks (certificate option, authorized_keys {@code command=}). */
    public static final String FORCE_COMMAND = "force-command";
    /** Comma-separated CIDR list the client address must match (already checked at authentication). */
    public static final String SOURCE_ADDRESS = "source-address";
    /** authorized_keys {@code permitopen}: comma-separated host:port the client may open. */
    public static final String PERMIT_OPEN = "permitopen";
    /** authorized_keys {@code permitlisten}: comma-separated [host:]port the client may listen on. */
    public static final String PERMIT_LISTEN = "permitlisten";
    public static final String PERMIT_PTY = "permit-pty";
    public static final String PERMIT_PORT_FORWARDING = "permit-port-forwarding";
    public static final String PERMIT_AGENT_FORWARDING = "permit-agent-forwarding";
    public static final String PERMIT_X11_FORWARDING = "permit-X11-forwarding";
    public static final String PERMIT_USER_RC = "permit-user-rc";
    /**
     * Extension: a security-key signature without the user-presence flag is accepted
     * (authorized_keys {@code no-touch-required}, PROTOCOL.certkeys). Like every extension it
     * survives a merge only when both sides grant it, as sshd ANDs this flag.
     */
    public static final String NO_TOUCH_REQUIRED = "no-touch-required";
    /** Critical option: a security-key signature must carry the user-verification flag (OpenSSH 8.9). */
    public static final String VERIFY_REQUIRED = "verify-required";

    /** No restriction and no optional feature beyond the connection layer's defaults. */
    public static final Permissions NONE = new Permissions(Map.of(), Map.of());

    /** Everything an unrestricted OpenSSH login allows: the five {@code permit-*} extensions. */
    public static final Permissions DEFAULT = NONE.withExtension(PERMIT_PTY, "").withExtension(PERMIT_PORT_FORWARDING, "")
            .withExtension(PERMIT_AGENT_FORWARDING, "").withExtension(PERMIT_X11_FORWARDING, "").withExtension(PERMIT_USER_RC, "");

    public Permissions {
        criticalOptions = Map.copyOf(criticalOptions);
        extensions = Map.copyOf(extensions);
    }

    public Permissions withCriticalOption(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(criticalOptions);
        m.put(name, value);
        return new Permissions(m, extensions);
    }

    public Permissions withExtension(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(extensions);
        m.put(name, value);
        return new Permissions(criticalOptions, m);
    }

    public boolean hasExtension(String name) {
        return extensions.containsKey(name);
    }

    public java.util.Optional<String> forceCommand() {
        return java.util.Optional.ofNullable(criticalOptions.get(FORCE_COMMAND));
    }

    /**
     * The permissions of two steps of a multi-step login (partial success): critical options of
     * both (the later wins on a clash), and only the extensions both steps granted, so no step can
     * widen what another restricted.
     */
    public Permissions merge(Permissions later) {
        Map<String, String> crit = new LinkedHashMap<>(criticalOptions);
        crit.putAll(later.criticalOptions);
        Map<String, String> ext = new LinkedHashMap<>(later.extensions);
        ext.keySet().retainAll(extensions.keySet());
        return new Permissions(crit, ext);
    }
}
