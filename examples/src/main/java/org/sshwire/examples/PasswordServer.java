package org.sshwire.examples;

import java.nio.file.Path;
import org.sshwire.auth.Decision;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;

/**
 * Password logins decided by your code, which sees the connection (addresses, client version)
 * and answers with the permissions of the login: here the user {@code report} may log in only
 * from the loopback address, and whatever it asks to run, it gets one forced command. Host keys
 * are kept in a data directory, generated on the first start like {@code ssh-keygen -A}.
 *
 * <p>Usage: {@code PasswordServer PORT DATA_DIR PASSWORD}
 */
public final class PasswordServer {
    private PasswordServer() {
    }

    public static void main(String[] args) throws Exception {
        String secret = args[2];
        ServerAuthPolicy auth = ServerAuthPolicy.builder()
                .passwordCallback((conn, user, password) -> {
                    if (!user.equals("report") || !password.equals(secret)) {
                        return Decision.reject("wrong user or password");
                    }
                    if (!conn.remoteAddress().getAddress().isLoopbackAddress()) {
                        return Decision.reject("report logs in from this machine only");
                    }
                    // sshd's ForceCommand / authorized_keys command="...": the client's command is
                    // ignored (it is in SSH_ORIGINAL_COMMAND).
                    return Decision.accept(Permissions.DEFAULT.withCriticalOption(Permissions.FORCE_COMMAND,
                            "echo report for $SSH_ORIGINAL_COMMAND from " + conn.clientVersion()));
                })
                .build();
        SshServer server = SshServer.builder()
                .listen("127.0.0.1", Integer.parseInt(args[0]))
                .dataDirectory(Path.of(args[1]))
                .auth(auth)
                .handler(ProcessHandler.asServerAccount())
                .build()
                .start();
        Serving.untilStopped(server);
    }
}
