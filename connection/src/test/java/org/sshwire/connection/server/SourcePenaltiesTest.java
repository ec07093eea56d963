package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.internal.server.SshdTime;

/** srclimit.c's penalty table on a fake clock. */
class SourcePenaltiesTest {
    long now = 5_000_000_000_000L;
    static final long S = 1_000_000_000L;

    SourcePenalties table(PerSourcePenalties cfg, String exempt) {
        return new SourcePenalties(cfg, new NetBlocks(32, 128), NetBlocks.parseList(exempt), () -> now);
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void theDefaultsAreOpenSsh98s() {
        PerSourcePenalties d = PerSourcePenalties.DEFAULT;
        assertTrue(d.enabled());
        assertEquals(Duration.ofSeconds(90), d.crash());
        assertEquals(Duration.ofSeconds(5), d.authfail());
        assertEquals(Duration.ofSeconds(1), d.noauth());
        assertEquals(Duration.ofSeconds(20), d.graceExceeded());
        assertEquals(Duration.ofSeconds(15), d.min());
        assertEquals(Duration.ofSeconds(600), d.max());
        assertEquals(65536, d.maxSources4());
        assertEquals(65536, d.maxSources6());
        assertEquals(PerSourcePenalties.DEFAULT, PerSourcePenalties.parse("yes"));
        assertEquals(PerSourcePenalties.OFF, PerSourcePenalties.parse("no"));
    }

    @Test
    void parsesSshdSyntax() {
        PerSourcePenalties p = PerSourcePenalties.parse("authfail:1m noauth:5s grace-exceeded:1h30m max:2h overflow:deny-all");
        assertEquals(Duration.ofMinutes(1), p.authfail());
        assertEquals(Duration.ofSeconds(5), p.noauth());
        assertEquals(Duration.ofMinutes(90), p.graceExceeded());
        assertEquals(Duration.ofHours(2), p.max());
        assertTrue(p.overflowDenyAll4() && p.overflowDenyAll6(), "overflow6 follows overflow");
        assertThrows(IllegalArgumentException.class, () -> PerSourcePenalties.parse("authfail"));
        assertThrows(IllegalArgumentException.class, () -> PerSourcePenalties.parse("bogus:1s"));
        assertThrows(IllegalArgumentException.class, () -> PerSourcePenalties.parse("authfail:1x"));
    }

    @Test
    void penaltiesAccumulateActivateAboveMinAndExpire() throws Exception {
        SourcePenalties t = table(PerSourcePenalties.DEFAULT, null);
        InetAddress a = ip("192.0.2.7");
        for (int i = 0; i < 3; i++) {
            t.penalise(a, SourcePenalties.Offence.AUTHFAIL);
        }
        assertNull(t.refusal(a), "15 s is not more than min");
        t.penalise(a, SourcePenalties.Offence.AUTHFAIL);
        assertEquals("penalty: failed authentication", t.refusal(a));
        assertNull(t.refusal(ip("192.0.2.8")), "other sources are not touched");
        now += 20 * S + 1;
        assertNull(t.refusal(a), "expired");
        assertEquals(0, t.size());
    }

    @Test
    void graceExceededActivatesAtOnceAndMaxCapsTheTotal() throws Exception {
        SourcePenalties t = table(PerSourcePenalties.DEFAULT, null);
        InetAddress a = ip("2001:db8::1");
        t.penalise(a, SourcePenalties.Offence.GRACE_EXCEEDED);
        assertEquals("penalty: exceeded LoginGraceTime", t.refusal(a), "20 s > 15 s: active from the first");
        for (int i = 0; i < 100; i++) {
            t.penalise(a, SourcePenalties.Offence.GRACE_EXCEEDED);
        }
        now += 600 * S - 1;
        assertTrue(t.refusal(a) != null);
        now += 2;
        assertNull(t.refusal(a), "capped at max (600 s)");
    }

    @Test
    void sixteenQuickNoauthClosesActivate() throws Exception {
        SourcePenalties t = table(PerSourcePenalties.DEFAULT, null);
        InetAddress a = ip("198.51.100.1");
        for (int i = 0; i < 15; i++) {
            t.penalise(a, SourcePenalties.Offence.NOAUTH);
        }
        assertNull(t.refusal(a));
        t.penalise(a, SourcePenalties.Offence.NOAUTH);
        assertEquals("penalty: connections without attempting authentication", t.refusal(a));
    }

    @Test
    void netBlocksGroupSourcesAndTheExemptListWins() throws Exception {
        SourcePenalties t = new SourcePenalties(PerSourcePenalties.DEFAULT, new NetBlocks(24, 64),
                NetBlocks.parseList("203.0.113.128/25"), () -> now);
        t.penalise(ip("198.51.100.1"), SourcePenalties.Offence.GRACE_EXCEEDED);
        assertTrue(t.refusal(ip("198.51.100.200")) != null, "same /24");
        assertNull(t.refusal(ip("198.51.101.1")));
        t.penalise(ip("203.0.113.200"), SourcePenalties.Offence.GRACE_EXCEEDED);
        assertNull(t.refusal(ip("203.0.113.200")), "exempt");
        assertEquals(1, t.size());
    }

    @Test
    void overflowPermissiveForgetsTheSoonestAndDenyAllRefusesEveryone() throws Exception {
        PerSourcePenalties two = PerSourcePenalties.parse("max-sources4:2");
        SourcePenalties t = table(two, null);
        t.penalise(ip("192.0.2.1"), SourcePenalties.Offence.AUTHFAIL);
        now += S;
        t.penalise(ip("192.0.2.2"), SourcePenalties.Offence.GRACE_EXCEEDED);
        t.penalise(ip("192.0.2.3"), SourcePenalties.Offence.GRACE_EXCEEDED);
        assertEquals(2, t.size(), "bounded");
        SourcePenalties deny = table(PerSourcePenalties.parse("max-sources4:2 overflow:deny-all"), null);
        deny.penalise(ip("192.0.2.1"), SourcePenalties.Offence.AUTHFAIL);
        deny.penalise(ip("192.0.2.2"), SourcePenalties.Offence.AUTHFAIL);
        assertEquals("too many penalised addresses", deny.refusal(ip("192.0.2.99")));
        assertNull(deny.refusal(ip("2001:db8::5")), "IPv6 has its own table");
    }

    @Test
    void cidrListsParse() {
        assertEquals(2, NetBlocks.parseList("127.0.0.0/8, ::1").size());
        assertEquals(List.of(), NetBlocks.parseList("none"));
        assertThrows(IllegalArgumentException.class, () -> NetBlocks.parseList("localhost"));
        assertThrows(IllegalArgumentException.class, () -> NetBlocks.parseList("10.0.0.0/33"));
    }

    @Test
    void channelTimeoutPatterns() {
        ChannelTimeouts t = ChannelTimeouts.parse("session:subsystem:*=1m direct-tcpip=30s session*=5m global=1h");
        assertEquals(Duration.ofMinutes(1), t.forType("session:subsystem:sftp"));
        assertEquals(Duration.ofMinutes(5), t.forType("session:shell"));
        assertEquals(Duration.ofSeconds(30), t.forType("direct-tcpip"));
        assertNull(t.forType("forwarded-tcpip"));
        assertEquals(Duration.ofHours(1), t.global());
        assertEquals(Duration.ofSeconds(90), SshdTime.parse("1m30s"));
        assertThrows(IllegalArgumentException.class, () -> ChannelTimeouts.parse("session"));
    }
}
