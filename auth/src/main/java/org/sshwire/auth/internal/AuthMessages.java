package org.sshwire.auth.internal;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.auth.AuthMessage;
import org.sshwire.auth.AuthMethod;
import org.sshwire.auth.internal.WireLimits;

/**
 * Decodes authentication messages. Numbers 60 and 61 are method-specific (RFC 4252 §7 and §8,
 * RFC 4256 §3), so the caller says which method is in progress. Total: any payload gives a
 * message or a {@link WireFormatException}, and every length or count is checked against
 * {@link WireLimits} before the bytes are read.
 *
 * <pre>{@code
 * AuthMessage m = AuthMessages.decode(payload, AuthMessages.Context.PUBLICKEY);
 * if (m instanceof AuthMessage.PkOk ok) { ... }
 * }</pre>
 */
public final class AuthMessages {
    private AuthMessages() {
    }

    /** The method whose exchange is in progress: it gives 60 and 61 their meaning. */
    public enum Context {
        /** No method-specific message expected. */
        NONE,
        /** 60 is USERAUTH_PK_OK. */
        PUBLICKEY,
        /** 60 is USERAUTH_PASSWD_CHANGEREQ. */
        PASSWORD,
        /** 60 is USERAUTH_INFO_REQUEST, 61 USERAUTH_INFO_RESPONSE. */
        KEYBOARD_INTERACTIVE
    }

    /** Decodes {@code p}; throws {@link WireFormatException} for malformed or out-of-context messages. */
    public static AuthMessage decode(Payload p, Context context) {
        SshReader r = p.reader();
        AuthMessage m = switch (p.msgId()) {
            case MessageNumbers.SSH_MSG_USERAUTH_REQUEST -> request(r);
            case MessageNumbers.SSH_MSG_USERAUTH_FAILURE -> new AuthMessage.Failure(
                    WireLimits.nameList(r, WireLimits.MAX_METHOD_LIST, "method list"), r.readBoolean());
            case MessageNumbers.SSH_MSG_USERAUTH_SUCCESS -> new AuthMessage.Success();
            case MessageNumbers.SSH_MSG_USERAUTH_BANNER -> new AuthMessage.Banner(
                    WireLimits.utf8(r, WireLimits.MAX_TEXT, "banner"), WireLimits.utf8(r, WireLimits.MAX_NAME, "language tag"));
            case 60 -> switch (context) {
                case PUBLICKEY -> new AuthMessage.PkOk(WireLimits.utf8(r, WireLimits.MAX_NAME, "algorithm"),
                        WireLimits.string(r, WireLimits.MAX_KEY_BLOB, "key blob"));
                case PASSWORD -> new AuthMessage.PasswdChangeReq(WireLimits.utf8(r, WireLimits.MAX_TEXT, "prompt"),
                        WireLimits.utf8(r, WireLimits.MAX_NAME, "language tag"));
                case KEYBOARD_INTERACTIVE -> infoRequest(r);
                case NONE -> throw new WireFormatException(0, "message 60 outside a method that uses it");
            };
            case MessageNumbers.SSH_MSG_USERAUTH_INFO_RESPONSE -> {
                if (context != Context.KEYBOARD_INTERACTIVE) {
                    throw new WireFormatException(0, "message 61 outside keyboard-interactive");
                }
                int n = WireLimits.count(r, WireLimits.MAX_PROMPTS, 4, "responses");
                List<String> responses = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    responses.add(WireLimits.utf8(r, WireLimits.MAX_SECRET, "response"));
                }
                yield new AuthMessage.InfoResponse(responses);
            }
            default -> throw new WireFormatException(0, "not an authentication message: " + MessageNumbers.name(p.msgId()));
        };
        r.expectEnd();
        return m;
    }

    private static AuthMessage.InfoRequest infoRequest(SshReader r) {
        String name = WireLimits.utf8(r, WireLimits.MAX_TEXT, "name");
        String instruction = WireLimits.utf8(r, WireLimits.MAX_TEXT, "instruction");
        String language = WireLimits.utf8(r, WireLimits.MAX_NAME, "language tag");
        // RFC 4256 §3.2: each prompt is at least a string length and a boolean.
        int n = WireLimits.count(r, WireLimits.MAX_PROMPTS, 5, "prompts");
        List<AuthMessage.Prompt> prompts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            prompts.add(new AuthMessage.Prompt(WireLimits.utf8(r, WireLimits.MAX_TEXT, "prompt"), r.readBoolean()));
        }
        return new AuthMessage.InfoRequest(name, instruction, language, prompts);
    }

    private static AuthMessage.Request request(SshReader r) {
        String user = WireLimits.utf8(r, WireLimits.MAX_NAME, "user name");
        String service = WireLimits.utf8(r, WireLimits.MAX_NAME, "service name");
        String method = WireLimits.utf8(r, WireLimits.MAX_NAME, "method name");
        AuthMethod m = switch (method) {
            case AuthMethod.NONE -> new AuthMethod.None();
            case AuthMethod.PASSWORD -> {
                boolean change = r.readBoolean();
                String pw = WireLimits.utf8(r, WireLimits.MAX_SECRET, "password");
                yield new AuthMethod.Password(pw, change ? WireLimits.utf8(r, WireLimits.MAX_SECRET, "new password") : null);
            }
            case AuthMethod.PUBLICKEY -> {
                boolean signed = r.readBoolean();
                String alg = WireLimits.utf8(r, WireLimits.MAX_NAME, "algorithm");
                var blob = WireLimits.string(r, WireLimits.MAX_KEY_BLOB, "key blob");
                yield new AuthMethod.PublicKey(alg, blob, signed ? WireLimits.string(r, WireLimits.MAX_SIGNATURE, "signature") : null);
            }
            case AuthMethod.PUBLICKEY_HOSTBOUND -> {
                boolean signed = r.readBoolean();
                String alg = WireLimits.utf8(r, WireLimits.MAX_NAME, "algorithm");
                var blob = WireLimits.string(r, WireLimits.MAX_KEY_BLOB, "key blob");
                var hostKey = WireLimits.string(r, WireLimits.MAX_KEY_BLOB, "host key blob");
                yield new AuthMethod.HostBoundPublicKey(alg, blob, hostKey,
                        signed ? WireLimits.string(r, WireLimits.MAX_SIGNATURE, "signature") : null);
            }
            case AuthMethod.KEYBOARD_INTERACTIVE -> new AuthMethod.KeyboardInteractive(
                    WireLimits.utf8(r, WireLimits.MAX_NAME, "language tag"), WireLimits.utf8(r, WireLimits.MAX_TEXT, "submethods"));
            case AuthMethod.HOSTBASED -> new AuthMethod.HostBased(WireLimits.utf8(r, WireLimits.MAX_NAME, "algorithm"),
                    WireLimits.string(r, WireLimits.MAX_KEY_BLOB, "key blob"),
                    WireLimits.utf8(r, WireLimits.MAX_NAME, "client host"), WireLimits.utf8(r, WireLimits.MAX_NAME, "client user"),
                    WireLimits.string(r, WireLimits.MAX_SIGNATURE, "signature"));
            default -> new AuthMethod.Unknown(method, r.readRest());
        };
        return new AuthMessage.Request(user, service, m);
    }
}
