package org.sshwire.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.sshwire.auth.internal.Wildcards;
import org.sshwire.connection.config.SshClientSettings;

/**
 * The environment ssh sends before the session's command ({@code clientloop.c}
 * {@code client_session2_setup}): each local variable whose name matches a SendEnv pattern, then
 * SetEnv's pairs. The server decides what it accepts (sshd's AcceptEnv).
 */
final class SessionEnvironment {
    private SessionEnvironment() {
    }

    static Map<String, String> of(SshClientSettings s, Map<String, String> local) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(local).entrySet()) {
            for (String pattern : s.sendEnv()) {
                if (Wildcards.match(e.getKey(), pattern)) {
                    out.put(e.getKey(), e.getValue());
                    break;
                }
            }
        }
        out.putAll(s.setEnv());
        return out;
    }
}
