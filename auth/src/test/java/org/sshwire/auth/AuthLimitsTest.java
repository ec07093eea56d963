package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.auth.AuthTransport;

/** DESIGN §6: every limit ends the connection with a clean DISCONNECT. */
class AuthLimitsTest {

    /** Collects what a lone authenticator produces. */
    static final class Sink implements AuthTransport {
        final List<Payload> sent = new ArrayList<>();
        DisconnectReason reason;
        String description;

        @Override
        public void send(Payload p) {
            sent.add(p);
        }

        @Override
        public void disconnect(DisconnectReason r, String d) {
            reason = r;
            description = d;
        }
    }

    /** auth2.c userauth_finish: the failure that reaches MaxAuthTries (6) disconnects, so 6 guesses in all. */
    @Test
    void theSixthFailedAttemptDisconnectsAsSshdDoes() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.reject());
        for (int i = 1; i <= 5; i++) {
            c.send(new AuthMethod.Password("guess" + i, null), "root");
            assertEquals(Collections.nCopies(i, 51), c.replies(), "attempt " + i + " answered FAILURE");
            assertEquals(null, c.pair.serverDisconnect());
        }
        c.send(new AuthMethod.Password("guess6", null), "root");
        assertEquals(5, c.replies().size(), "no FAILURE for the 6th");
        TransportEvent.Disconnected d = c.pair.serverDisconnect();
        assertNotNull(d);
        // packet.c sshpkt_disconnect() sends every DISCONNECT of sshd with PROTOCOL_ERROR.
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertEquals("Too many authentication failures", d.description());
        assertEquals(6, c.pair.serverAuth.failures());
        assertEquals(6, c.pair.serverEvents(ServerAuthEvent.PasswordCheck.class).size(), "6 guesses reached the application");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10})
    void maxAuthTriesNAllowsExactlyNGuesses(int n) {
        RawClient c = new RawClient(ServerAuthConfig.builder().maxAuthTries(n).build());
        c.pair.answers(q -> Decision.reject());
        for (int i = 1; i <= n + 2 && c.pair.serverDisconnect() == null; i++) {
            c.send(new AuthMethod.Password("guess" + i, null), "root");
        }
        assertEquals(n, c.pair.serverEvents(ServerAuthEvent.PasswordCheck.class).size());
        assertEquals(n - 1, c.replies().size());
        assertNotNull(c.pair.serverDisconnect());
    }

    /** auth2.c: "Allow initial try of "none" auth without failure penalty" — the first request only. */
    @Test
    void onlyAFirstNoneRequestIsFree() {
        RawClient c = new RawClient(ServerAuthConfig.builder().maxAuthTries(3).build());
        c.send(new AuthMethod.None(), "root");
        assertEquals(0, c.pair.serverAuth.failures(), "the first none is free");
        c.send(new AuthMethod.None(), "root");
        assertEquals(1, c.pair.serverAuth.failures(), "a later none counts");
        c.send(new AuthMethod.None(), "root");
        assertEquals(2, c.pair.serverAuth.failures());
        assertEquals(null, c.pair.serverDisconnect());
        c.send(new AuthMethod.None(), "root");
        assertEquals(3, c.pair.serverAuth.failures());
        assertEquals("Too many authentication failures", c.pair.serverDisconnect().description());
        assertEquals(3, c.replies().size());
    }

    /**
     * auth2-pubkey.c: a query for a key the server would not take is a failure like any other (why
     * an agent with many keys meets "Too many authentication failures"); a PK_OK answer is not.
     */
    @Test
    void refusedKeyQueriesCountAndAcceptedOnesDoNot() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> q instanceof ServerAuthEvent.PublicKeyQuery pq && pq.key().equals(TestKeys.ED25519.publicKey())
                ? Decision.accept() : Decision.reject());
        c.send(new AuthMethod.None(), "root");
        for (int i = 0; i < 10; i++) {
            c.send(c.query(TestKeys.ED25519), "root");
        }
        assertEquals(0, c.pair.serverAuth.failures(), "PK_OK answers are not failures");
        for (int i = 1; i <= 6 && c.pair.serverDisconnect() == null; i++) {
            c.send(c.query(TestKeys.ED25519_B), "root");
        }
        assertEquals(6, c.pair.serverAuth.failures());
        assertEquals("Too many authentication failures", c.pair.serverDisconnect().description());
        assertEquals(List.of(51), c.replies().subList(0, 1));
        assertEquals(1 + 10 + 5, c.replies().size(), "FAILURE, 10 PK_OK, 5 FAILURE, then DISCONNECT");
    }

    @Test
    void partialSuccessIsNotAFailure() {
        RawClient c = new RawClient(ServerAuthConfig.builder().maxAuthTries(2)
                .requiredMethods(u -> List.of(List.of("password", "keyboard-interactive"))).build());
        c.pair.answers(q -> Decision.accept());
        c.send(new AuthMethod.Password("right", null), "root");
        assertEquals(0, c.pair.serverAuth.failures());
        assertEquals(1, c.pair.serverEvents(ServerAuthEvent.PartialSuccess.class).size());
        assertEquals(null, c.pair.serverDisconnect());
    }

    @Test
    void noneRequestsHitTheRequestCapWhenFailuresAllowThem() {
        RawClient c = new RawClient(ServerAuthConfig.builder().maxAuthTries(100).maxRequests(10).build());
        for (int i = 1; i <= 10; i++) {
            c.send(new AuthMethod.None(), "root");
        }
        assertEquals(10, c.replies().size());
        assertEquals(9, c.pair.serverAuth.failures());
        assertEquals(null, c.pair.serverDisconnect());
        c.send(new AuthMethod.None(), "root");
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, c.pair.serverDisconnect().reason());
        assertTrue(c.pair.serverDisconnect().description().contains("too many authentication requests"));
    }

    @Test
    void aZeroGraceTimeMeansNoLimit() {
        RawClient c = new RawClient(ServerAuthConfig.builder().graceTime(Duration.ZERO).build());
        assertEquals(Long.MAX_VALUE, c.pair.serverAuth.nextDeadlineNanos());
    }

    @Test
    void theDefaultRequestCapStopsEndlessQueries() {
        RawClient c = new RawClient(ServerAuthConfig.builder().maxAuthTries(1000).build());
        c.pair.answers(q -> Decision.accept());
        for (int i = 0; i < 65 && c.pair.serverDisconnect() == null; i++) {
            c.send(c.query(TestKeys.ED25519), "root");
        }
        assertEquals(64, c.replies().size(), "64 PK_OK then DISCONNECT");
        assertEquals(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, c.pair.serverDisconnect().reason());
    }

    @Test
    void theGraceTimerClosesAnUnauthenticatedConnection() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        ServerAuthenticator a = c.pair.serverAuth;
        assertEquals(Long.MIN_VALUE, a.nextDeadlineNanos(), "asks for the time to anchor the timer");
        long t0 = 5_000_000_000L;
        a.onDeadline(t0);
        assertEquals(t0 + Duration.ofSeconds(120).toNanos(), a.nextDeadlineNanos());
        a.onDeadline(t0 + Duration.ofSeconds(119).toNanos());
        assertFalse(a.isClosed());
        a.onDeadline(a.nextDeadlineNanos());
        assertTrue(a.isClosed());
        c.pair.pump();
        TransportEvent.Disconnected d = c.pair.clientTransportEvents.stream().filter(TransportEvent.Disconnected.class::isInstance)
                .map(TransportEvent.Disconnected.class::cast).findFirst().orElseThrow();
        assertTrue(d.byPeer());
        assertEquals(DisconnectReason.BY_APPLICATION, d.reason());
        assertEquals("authentication grace time exceeded", d.description());
    }

    @Test
    void theGraceTimerStopsAfterSuccess() {
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("a").methods(List.of("password"))
                .password("x").build()).answers(q -> Decision.accept()).run();
        assertEquals(Long.MAX_VALUE, p.serverAuth.nextDeadlineNanos());
    }

    static Payload passwordRequest(int passwordBytes) {
        byte[] pw = new byte[passwordBytes];
        java.util.Arrays.fill(pw, (byte) 'a');
        return new Payload(50, new SshWriter().writeUtf8("root").writeUtf8("ssh-connection").writeUtf8("password")
                .writeBoolean(false).writeString(pw).toBytes());
    }

    @Test
    void aOneMebibytePasswordIsRefusedBeforeTheApplicationSeesIt() {
        Sink sink = new Sink();
        ServerAuthenticator a = new ServerAuthenticator(ServerAuthConfig.builder().build(), sink, Bytes.of(new byte[32]));
        a.receive(passwordRequest(1 << 20), 3);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, sink.reason);
        assertTrue(sink.description.contains("exceeds the limit"), sink.description);
        assertEquals(null, a.pollEvent(), "no PasswordCheck");
        assertTrue(sink.sent.isEmpty());
    }

    @Test
    void aOneMebibytePasswordOverTheTransportEndsTheConnection() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.send(passwordRequest(1 << 20));
        assertNotNull(c.pair.serverDisconnect());
        assertTrue(c.pair.serverEvents(ServerAuthEvent.PasswordCheck.class).isEmpty());
    }

    static Payload infoRequestClaiming(int claimed, int present) {
        SshWriter w = new SshWriter().writeUtf8("").writeUtf8("").writeUtf8("").writeUint32(claimed);
        for (int i = 0; i < present; i++) {
            w.writeUtf8("p").writeBoolean(false);
        }
        return new Payload(60, w.toBytes());
    }

    @Test
    void tenThousandPromptsClaimedByAServerEndTheClientsConnection() {
        AuthPair p = new AuthPair(ServerAuthConfig.builder().methods(List.of("keyboard-interactive")).build(),
                ClientAuthConfig.builder("a").build());
        p.answers(q -> {
            p.server.send(infoRequestClaiming(10_000, 10_000));
            return null;
        }).run();
        TransportEvent.Disconnected d = p.clientDisconnect();
        assertNotNull(d);
        assertFalse(d.byPeer());
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertTrue(d.description().contains("prompts count 10000"), d.description());
        assertTrue(p.clientEvents(ClientAuthEvent.InfoRequested.class).isEmpty());
    }

    @Test
    void tenThousandResponsesClaimedByAClientEndTheServersConnection() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.challenge("", "", List.of(new AuthMessage.Prompt("Password: ", false))));
        c.send(new AuthMethod.KeyboardInteractive("", ""), "root");
        assertEquals(List.of(60), c.replies());
        SshWriter w = new SshWriter().writeUint32(10_000);
        for (int i = 0; i < 10_000; i++) {
            w.writeUtf8("x");
        }
        c.send(new Payload(61, w.toBytes()));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, c.pair.serverDisconnect().reason());
        assertTrue(c.pair.serverEvents(ServerAuthEvent.KeyboardInteractiveResponses.class).isEmpty());
    }

    @Test
    void aWrongNumberOfResponsesEndsTheConnection() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.challenge("", "", List.of(new AuthMessage.Prompt("Password: ", false))));
        c.send(new AuthMethod.KeyboardInteractive("", ""), "root");
        c.send(new AuthMessage.InfoResponse(List.of("a", "b")).toPayload());
        assertEquals(DisconnectReason.PROTOCOL_ERROR, c.pair.serverDisconnect().reason());
    }

    @Test
    void pipelinedRequestsWhileDecidingAreHeldInOrderAndBounded() {
        Sink sink = new Sink();
        ServerAuthenticator a = new ServerAuthenticator(ServerAuthConfig.builder().maxQueued(2).build(), sink, Bytes.of(new byte[32]));
        Payload pw = new AuthMessage.Request("u", "ssh-connection", new AuthMethod.Password("x", null)).toPayload();
        a.receive(pw, 1);
        ServerAuthEvent.Question q = (ServerAuthEvent.Question) a.pollEvent();
        a.receive(pw, 2);
        a.receive(pw, 3);
        assertEquals(null, a.pollEvent(), "held while deciding");
        a.decide(q.id(), Decision.reject());
        assertTrue(a.pollEvent() instanceof ServerAuthEvent.AttemptFailed);
        assertTrue(a.pollEvent() instanceof ServerAuthEvent.PasswordCheck, "the next held request is processed");
        a.receive(pw, 4);
        a.receive(pw, 5);
        a.receive(pw, 6);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, sink.reason);
    }

    @Test
    void anUnknownServiceEndsTheConnection() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.send(new AuthMessage.Request("root", "ssh-secret-shell", new AuthMethod.None()).toPayload());
        assertEquals(DisconnectReason.SERVICE_NOT_AVAILABLE, c.pair.serverDisconnect().reason());
    }
}
