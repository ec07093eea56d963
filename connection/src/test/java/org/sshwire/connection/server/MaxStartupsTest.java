package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaxStartupsTest {
    @Test
    void parsesOpenSshSyntax() {
        assertEquals(new MaxStartups(10, 30, 100), MaxStartups.parse("10:30:100"));
        assertEquals(new MaxStartups(5, 100, 5), MaxStartups.parse("5"));
        assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("10:30"));
        assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("x"));
        assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("10:130:100"));
        assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("100:30:10"));
        assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("10:0:100"), "sshd wants rate >= 1");
    }

    @Test
    void theDefaultIsSshds() {
        assertEquals(new MaxStartups(10, 30, 100), MaxStartups.DEFAULT);
    }

    /** sshd.c should_drop_connection(): p = (100 - rate) * (n - start) / (full - start) + rate, integer division. */
    @Test
    void theDropPercentageIsSshdsIntegerArithmetic() {
        MaxStartups m = MaxStartups.DEFAULT;
        // n = 10: p = 30; n = 55: p = 70 * 45 / 90 + 30 = 65; n = 99: p = 70 * 89 / 90 + 30 = 99.
        int[][] cases = {{10, 30}, {11, 30}, {12, 31}, {55, 65}, {99, 99}};
        for (int[] c : cases) {
            assertTrue(m.refuse(c[0], c[1] - 1), "n=" + c[0] + " refuses draw " + (c[1] - 1));
            assertFalse(m.refuse(c[0], c[1]), "n=" + c[0] + " accepts draw " + c[1]);
        }
        assertFalse(m.refuse(9, 0));
        assertTrue(m.refuse(100, 99));
    }

    @Test
    void belowStartAlwaysAcceptedAtFullAlwaysRefused() {
        MaxStartups m = new MaxStartups(10, 30, 100);
        for (int i = 0; i < 1000; i++) {
            assertFalse(m.refuse(9));
            assertTrue(m.refuse(100));
        }
    }

    /** Between start and full the refusal rate rises from rate% towards 100% (sshd_config(5)). */
    @Test
    void refusalProbabilityRisesLinearly() {
        MaxStartups m = new MaxStartups(10, 30, 110);
        assertEquals(0.30, refusedShare(m, 10), 0.03);
        assertEquals(0.65, refusedShare(m, 60), 0.03);
        assertEquals(0.93, refusedShare(m, 100), 0.03);
    }

    private static double refusedShare(MaxStartups m, int pending) {
        int refused = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (m.refuse(pending)) {
                refused++;
            }
        }
        return refused / (double) n;
    }
}
