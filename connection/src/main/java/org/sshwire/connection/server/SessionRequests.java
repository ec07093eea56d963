package org.sshwire.connection.server;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.sshwire.auth.Permissions;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelRequestBody;

/**
 * The server's answers to one session channel's requests (RFC 4254 §6): run in order on a serial
 * executor (they call policy callbacks), each replied before the next is looked at; the handler
 * itself runs on the server's executor once exec, shell or subsystem was accepted.
 */
final class SessionRequests {
    private static final System.Logger LOG = System.getLogger(SessionRequests.class.getName());

    private final Session session;
    private final ServerSettings settings;
    private final SerialExecutor serial;

    SessionRequests(Session session, ServerSettings settings) {
        this.session = session;
        this.settings = settings;
        this.serial = new SerialExecutor(settings.executor);
    }

    /** From the I/O thread. */
    void onRequest(ConnectionEvent.ChannelRequestReceived r) {
        serial.execute(() -> {
            boolean ok;
            try {
                ok = decide(r);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session request " + r.requestType() + " failed", e);
                ok = false;
            }
            if (r.wantReply()) {
                session.channel().replyRequest(ok);
            }
        });
    }

    private boolean decide(ConnectionEvent.ChannelRequestReceived r) {
        ChannelRequestBody body = r.body();
        Permissions perms = session.permissions();
        if (body instanceof ChannelRequestBody.PtyReq p) {
            Pty pty = new Pty(p.term(), Pty.clamp(p.widthChars()), Pty.clamp(p.heightRows()), Pty.clamp(p.widthPixels()),
                    Pty.clamp(p.heightPixels()), p.modes());
            if (!perms.hasExtension(Permissions.PERMIT_PTY) || !settings.ptyPolicy.test(session, pty)) {
                return false;
            }
            session.setPty(pty);
            return true;
        } else if (body instanceof ChannelRequestBody.Env e) {
            session.putEnv(e.name(), e.value());
            return true;
        } else if (body instanceof ChannelRequestBody.WindowChange w) {
            Pty old = session.pty().orElse(null);
            if (old != null) {
                session.resize(old.resized(Pty.clamp(w.widthChars()), Pty.clamp(w.heightRows()), Pty.clamp(w.widthPixels()),
                        Pty.clamp(w.heightPixels())));
            }
            return old != null;
        } else if (body instanceof ChannelRequestBody.Signal s) {
            session.signal(s.signalName());
            return true;
        } else if (body instanceof ChannelRequestBody.Break b) {
            session.breakReceived(b.breakLengthMillis());
            return true;
        } else if (body instanceof ChannelRequestBody.Exec x) {
            return start("exec", perms.forceCommand().orElse(x.command().asUtf8()), null, settings.handler);
        } else if (body instanceof ChannelRequestBody.Shell) {
            return start(perms.forceCommand().isPresent() ? "exec" : "shell", perms.forceCommand().orElse(null), null,
                    settings.handler);
        } else if (body instanceof ChannelRequestBody.Subsystem s) {
            if (perms.forceCommand().isPresent()) {
                return start("exec", perms.forceCommand().get(), null, settings.handler);
            }
            SessionHandler h = settings.subsystems.getOrDefault(s.name(), settings.subsystems.get("default"));
            return start("subsystem", null, s.name(), h);
        }
        return false; // x11-req, auth-agent-req, xon-xoff, eow and unknown requests
    }

    private boolean start(String type, String command, String subsystem, SessionHandler handler) {
        if (handler == null) {
            return false;
        }
        session.started(type, command, subsystem);
        if (!settings.sessionPolicy.test(session, type)) {
            return false;
        }
        Executor executor = settings.executor;
        // After the reply (this task finishes first on the serial executor), the handler runs on its own.
        serial.execute(() -> executor.execute(() -> run(handler)));
        return true;
    }

    private void run(SessionHandler handler) {
        try {
            handler.handle(session);
            session.exit(0);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "session handler failed", e);
            try {
                PrintStream err = new PrintStream(session.stderr(), true, StandardCharsets.UTF_8);
                err.println("sshwire: " + e.getMessage());
            } catch (RuntimeException ignored) {
                // the channel is gone; nothing to report to
            }
            session.exit(1);
        }
    }
}
