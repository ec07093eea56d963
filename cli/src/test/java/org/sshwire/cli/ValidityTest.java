package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** ssh-keygen's -V forms. */
class ValidityTest {
    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    @Test
    void relativeAbsoluteAndOpenEndedBounds() {
        assertEquals(new Validity(NOW, NOW.plus(Duration.ofDays(364))), Validity.parse("+52w", NOW, ZoneOffset.UTC));
        assertEquals(new Validity(NOW.minus(Duration.ofMinutes(5)), NOW.plus(Duration.ofDays(1).plusHours(2))),
                Validity.parse("-5m:+1d2h", NOW, ZoneOffset.UTC));
        assertEquals(new Validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-06-30T13:45:00Z")),
                Validity.parse("20250101:202606301345", NOW, ZoneOffset.UTC));
        Validity open = Validity.parse("always:forever", NOW, ZoneOffset.UTC);
        assertNull(open.from());
        assertNull(open.to());
        assertThrows(UserErrors.ExitException.class, () -> Validity.parse("+5y", NOW, ZoneOffset.UTC));
        assertThrows(UserErrors.ExitException.class, () -> Validity.parse("2025", NOW, ZoneOffset.UTC));
    }
}
