package org.sshwire.connection.server;

import org.sshwire.connection.internal.channel.SerialExecutor;
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
            } catch (RuntimeException | LinkageError e) {
                // Answered with failure either way: an unanswered want-reply request stalls the peer.
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
            if (!perms.hasExtension(Permissions.PERMIT_PTY) || !settings.ptyPolicy.test(session, pty)
                    || settings.handler instanceof ProcessHandler && !PtySupport.available()) {
                return false;
            }
            session.setPty(pty);
            return true;
        } else if (body instanceof ChannelRequestBody.Env e) {
            // sshd's session_env_req: refused unless AcceptEnv names it, and never after the start.
            return session.requestType() == null && settings.acceptEnv.accepts(e.name()) && session.putEnv(e.name(), e.value());
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
            return session.breakReceived(b.breakLengthMillis());
        } else if (body instanceof ChannelRequestBody.Exec x) {
            String asked = x.command().asUtf8();
            return start("exec", perms.forceCommand().orElse(asked), null, perms.forceCommand().map(f -> asked).orElse(null),
                    settings.handler);
        } else if (body instanceof ChannelRequestBody.Shell) {
            // A forced command replaces a shell too; SSH_ORIGINAL_COMMAND is then absent, as in sshd.
            return start(perms.forceCommand().isPresent() ? "exec" : "shell", perms.forceCommand().orElse(null), null, null,
                    settings.handler);
        } else if (body instanceof ChannelRequestBody.Subsystem s) {
            if (perms.forceCommand().isPresent()) {
                return start("exec", perms.forceCommand().get(), null, s.name(), settings.handler);
            }
            SessionHandler h = settings.subsystems.getOrDefault(s.name(), settings.subsystems.get("default"));
            return start("subsystem", null, s.name(), null, h);
        } else if (body instanceof ChannelRequestBody.AuthAgentReq) {
            return ForwardedAgent.start(session, settings);
        }
        return false; // x11-req, xon-xoff, eow and unknown requests
    }

    private boolean start(String type, String command, String subsystem, String original, SessionHandler handler) {
        if (handler == null || session.requestType() != null) {
            return false; // one program per session channel (RFC 4254 §6.5)
        }
        session.started(type, command, subsystem, original);
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
