package org.sshwire.connection.research;

import org.sshwire.auth.AuthMessage;
import org.sshwire.auth.AuthMethod;
import org.sshwire.auth.internal.AuthMessages;
import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.transport.Direction;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The message decoder of a whole connection, for {@link ConnectionHooks.MessageObserver}s
 * (DESIGN §5; unstable API): KEXINIT as {@link org.sshwire.transport.kex.KexInit}, 50–79 as
 * {@link AuthMessage} records, 80–100 as {@link ConnectionMessage} records, anything else or
 * anything malformed as the raw {@link Payload}. Numbers 60 and 61 mean different things per
 * authentication method (RFC 4252 §7 and §8, RFC 4256 §3), so the decoder remembers the method of
 * the last USERAUTH_REQUEST it saw: use one per connection (servers and clients built with
 * {@code research(...)} install a fresh one for each).
 *
 * <pre>{@code
 * ConnectionHooks.builder().messageDecoder(SshMessages::decoder)
 *         .messageObserver((c, dir, seq, m) -> System.out.println(dir + " " + m)).build();
 * }</pre>
 */
public final class SshMessages implements ConnectionHooks.MessageDecoder {
    private AuthMessages.Context method = AuthMessages.Context.NONE;

    private SshMessages() {
    }

    /** A decoder for one connection. */
    public static ConnectionHooks.MessageDecoder decoder() {
        return new SshMessages();
    }

    @Override
    public Record decode(Direction direction, Payload p) {
        int id = p.msgId();
        try {
            if (id >= MessageNumbers.SSH_MSG_USERAUTH_REQUEST && id <= 79) {
                AuthMessage m = AuthMessages.decode(p, method);
                if (m instanceof AuthMessage.Request r) {
                    method = context(r.method());
                }
                return (Record) m;
            }
            if (ConnectionMessage.isConnectionMessage(id)) {
                return (Record) ConnectionMessage.decode(p);
            }
        } catch (WireFormatException | IllegalArgumentException | ClassCastException e) {
            return p; // malformed, or a value a record refuses: the observer sees the raw payload
        }
        return ConnectionHooks.decodeTransport(direction, p);
    }

    private static AuthMessages.Context context(AuthMethod m) {
        return switch (m.name()) {
            case "publickey" -> AuthMessages.Context.PUBLICKEY;
            case "password" -> AuthMessages.Context.PASSWORD;
            case "keyboard-interactive" -> AuthMessages.Context.KEYBOARD_INTERACTIVE;
            default -> AuthMessages.Context.NONE;
        };
    }
}
