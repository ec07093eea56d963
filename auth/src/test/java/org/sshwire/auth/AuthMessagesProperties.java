package org.sshwire.auth;

import org.sshwire.auth.internal.AuthMessages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.auth.AuthMessage;
import org.sshwire.auth.AuthMethod;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.ClientAuthenticator;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthenticator;
import org.sshwire.auth.internal.WireLimits;

/** Round trips for every message, and a decoder that is total on arbitrary bytes (DESIGN §7). */
class AuthMessagesProperties {

    Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(40);
    }

    Arbitrary<String> name() {
        return Arbitraries.strings().withCharRange('!', '~').excludeChars(',').ofMinLength(1).ofMaxLength(20);
    }

    Arbitrary<Bytes> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Bytes::of);
    }

    Arbitrary<AuthMethod> method() {
        return Arbitraries.oneOf(
                Arbitraries.just(new AuthMethod.None()),
                Combinators.combine(text(), text().injectNull(0.5)).as(AuthMethod.Password::new),
                Combinators.combine(text(), bytes(), bytes().injectNull(0.5)).as(AuthMethod.PublicKey::new),
                Combinators.combine(text(), text()).as(AuthMethod.KeyboardInteractive::new),
                Combinators.combine(text(), bytes(), text(), text(), bytes()).as(AuthMethod.HostBased::new));
    }

    @Provide
    Arbitrary<Object[]> messages() {
        Arbitrary<AuthMessage.Prompt> prompt = Combinators.combine(text(), Arbitraries.of(true, false)).as(AuthMessage.Prompt::new);
        return Arbitraries.oneOf(
                Combinators.combine(text(), text(), method()).as((u, s, m) -> new Object[] {new AuthMessage.Request(u, s, m), AuthMessages.Context.NONE}),
                Combinators.combine(name().list().ofMaxSize(5), Arbitraries.of(true, false))
                        .as((l, b) -> new Object[] {new AuthMessage.Failure(l, b), AuthMessages.Context.NONE}),
                Arbitraries.just(new Object[] {new AuthMessage.Success(), AuthMessages.Context.NONE}),
                Combinators.combine(text(), text()).as((a, b) -> new Object[] {new AuthMessage.Banner(a, b), AuthMessages.Context.NONE}),
                Combinators.combine(text(), bytes()).as((a, b) -> new Object[] {new AuthMessage.PkOk(a, b), AuthMessages.Context.PUBLICKEY}),
                Combinators.combine(text(), text()).as((a, b) -> new Object[] {new AuthMessage.PasswdChangeReq(a, b), AuthMessages.Context.PASSWORD}),
                Combinators.combine(text(), text(), text(), prompt.list().ofMaxSize(WireLimits.MAX_PROMPTS))
                        .as((a, b, c, d) -> new Object[] {new AuthMessage.InfoRequest(a, b, c, d), AuthMessages.Context.KEYBOARD_INTERACTIVE}),
                text().list().ofMaxSize(WireLimits.MAX_PROMPTS)
                        .map(l -> new Object[] {new AuthMessage.InfoResponse(l), AuthMessages.Context.KEYBOARD_INTERACTIVE}));
    }

    @Property
    void everyMessageRoundTrips(@ForAll("messages") Object[] mc) {
        AuthMessage m = (AuthMessage) mc[0];
        assertEquals(m, AuthMessages.decode(m.toPayload(), (AuthMessages.Context) mc[1]));
    }

    @Property(tries = 3000)
    void decoderIsTotal(@ForAll @IntRange(min = 50, max = 61) int msgId, @ForAll @Size(max = 300) byte[] body,
                        @ForAll AuthMessages.Context context) {
        try {
            AuthMessages.decode(new Payload(msgId, Bytes.of(body)), context);
        } catch (WireFormatException expected) {
            // the only way to refuse
        }
    }

    @Property(tries = 2000)
    void mutatedValidMessagesDecodeOrFailCleanly(@ForAll("messages") Object[] mc, @ForAll @IntRange(min = 0, max = 1000) int at,
                                                 @ForAll byte value) {
        byte[] b = ((AuthMessage) mc[0]).toPayload().toByteArray();
        if (b.length > 1) {
            b[1 + at % (b.length - 1)] = value;
        }
        try {
            AuthMessages.decode(Payload.parse(Bytes.of(b)), (AuthMessages.Context) mc[1]);
        } catch (WireFormatException expected) {
            // refused
        }
    }

    @Property(tries = 500)
    void serverAuthenticatorIsTotalOnArbitraryPayloads(@ForAll @IntRange(min = 50, max = 255) int msgId,
                                                       @ForAll @Size(max = 200) byte[] body) {
        AuthLimitsTest.Sink sink = new AuthLimitsTest.Sink();
        ServerAuthenticator a = new ServerAuthenticator(ServerAuthConfig.builder().build(), sink, Bytes.of(new byte[32]));
        a.receive(new Payload(msgId, Bytes.of(body)), 7);
        assertEquals(false, a.isAuthenticated());
    }

    @Property(tries = 500)
    void clientAuthenticatorIsTotalOnArbitraryPayloads(@ForAll @IntRange(min = 50, max = 127) int msgId,
                                                       @ForAll @Size(max = 200) byte[] body) {
        AuthLimitsTest.Sink sink = new AuthLimitsTest.Sink();
        ClientAuthenticator a = new ClientAuthenticator(ClientAuthConfig.builder("u").password("p").build(), sink, Bytes.of(new byte[32]));
        a.start();
        a.receive(new Payload(msgId, Bytes.of(body)), 7);
        // Only a well-formed USERAUTH_SUCCESS (52 with an empty body) may complete authentication.
        assertEquals(msgId == 52 && body.length == 0, a.isAuthenticated());
    }
}
