package org.sshwire.auth;

import java.util.List;
import java.util.Objects;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;

/**
 * The messages of the SSH authentication protocol (RFC 4252 §5–§9, RFC 4256 §3), one record per
 * message, encoded by hand. The authenticators decode them, knowing which method is in
 * progress, because numbers 60–79 mean different things for different methods.
 *
 * <pre>{@code
 * Payload p = new AuthMessage.Failure(List.of("publickey", "password"), false).toPayload();
 * }</pre>
 */
public sealed interface AuthMessage {

    /** The message number. */
    int msgId();

    /** Writes the body (everything after the message number). */
    void encode(SshWriter w);

    default Payload toPayload() {
        SshWriter w = new SshWriter();
        encode(w);
        return new Payload(msgId(), w.toBytes());
    }

    /** SSH_MSG_USERAUTH_REQUEST (RFC 4252 §5). */
    record Request(String user, String service, AuthMethod method) implements AuthMessage {
        public Request {
            Objects.requireNonNull(user);
            Objects.requireNonNull(service);
            Objects.requireNonNull(method);
        }

        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_REQUEST;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(user).writeUtf8(service).writeUtf8(method.name());
            method.encode(w);
        }
    }

    /** SSH_MSG_USERAUTH_FAILURE (RFC 4252 §5.1): the methods that can continue. */
    record Failure(List<String> methods, boolean partialSuccess) implements AuthMessage {
        public Failure {
            methods = List.copyOf(methods);
        }

        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_FAILURE;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeNameList(methods).writeBoolean(partialSuccess);
        }
    }

    /** SSH_MSG_USERAUTH_SUCCESS (RFC 4252 §5.1). */
    record Success() implements AuthMessage {
        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_SUCCESS;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /** SSH_MSG_USERAUTH_BANNER (RFC 4252 §5.4). */
    record Banner(String message, String language) implements AuthMessage {
        public Banner {
            Objects.requireNonNull(message);
            Objects.requireNonNull(language);
        }

        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_BANNER;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(message).writeUtf8(language);
        }
    }

    /** SSH_MSG_USERAUTH_PK_OK (RFC 4252 §7): the queried key would be acceptable. */
    record PkOk(String algorithm, Bytes keyBlob) implements AuthMessage {
        public PkOk {
            Objects.requireNonNull(algorithm);
            Objects.requireNonNull(keyBlob);
        }

        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_PK_OK;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(algorithm).writeString(keyBlob);
        }
    }

    /** SSH_MSG_USERAUTH_PASSWD_CHANGEREQ (RFC 4252 §8). */
    record PasswdChangeReq(String prompt, String language) implements AuthMessage {
        public PasswdChangeReq {
            Objects.requireNonNull(prompt);
            Objects.requireNonNull(language);
        }

        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_PASSWD_CHANGEREQ;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(prompt).writeUtf8(language);
        }
    }

    /** One prompt of an INFO_REQUEST; {@code echo} says whether the answer may be shown. */
    record Prompt(String text, boolean echo) {
        public Prompt {
            Objects.requireNonNull(text);
        }
    }

    /** SSH_MSG_USERAUTH_INFO_REQUEST (RFC 4256 §3.2). */
    record InfoRequest(String name, String instruction, String language, List<Prompt> prompts) implements AuthMessage {
        public InfoRequest {
            Objects.requireNonNull(name);
            Objects.requireNonNull(instruction);
            Objects.requireNonNull(language);
            prompts = List.copyOf(prompts);
        }

        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_INFO_REQUEST;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(name).writeUtf8(instruction).writeUtf8(language).writeUint32(prompts.size());
            for (Prompt p : prompts) {
                w.writeUtf8(p.text()).writeBoolean(p.echo());
            }
        }
    }

    /** SSH_MSG_USERAUTH_INFO_RESPONSE (RFC 4256 §3.4). */
    record InfoResponse(List<String> responses) implements AuthMessage {
        public InfoResponse {
            responses = List.copyOf(responses);
        }

        @Override
        public int msgId() {
            return MessageNumbers.SSH_MSG_USERAUTH_INFO_RESPONSE;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUint32(responses.size());
            for (String r : responses) {
                w.writeUtf8(r);
            }
        }

        @Override
        public String toString() {
            return "InfoResponse[" + responses.size() + " responses]"; // never log secrets
        }
    }
}
