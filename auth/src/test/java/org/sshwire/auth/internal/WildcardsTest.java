package org.sshwire.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WildcardsTest {
    @Test
    void starsAndQuestionMarksMatchAsOpensshsMatchPattern() {
        assertTrue(Wildcards.match("aXXbYc", "a*b?c"));
        assertTrue(Wildcards.match("", "*"));
        assertTrue(Wildcards.match("a", "**a"));
        assertFalse(Wildcards.match("ab c", "a*b"));
        assertFalse(Wildcards.match("", "?"));
        assertFalse(Wildcards.match("lang", "LANG"), "case-sensitive");
    }

    @Test
    void aStarInThePatternStaysAWildcardWhereTheNameHoldsAStar() {
        // Found by starsAroundALiteralFindItAnywhere: "*ab*" once matched the name's '*' literally
        // with its last star and then failed to find "ab" followed by more text.
        assertTrue(Wildcards.match("ab*xa", "*ab*"));
        assertTrue(Wildcards.match("x*y", "x*"));
        assertTrue(Wildcards.match("*", "*"));
    }

    @Test
    void manyStarsOnALongNameCostNoExponentialBacktracking() {
        assertTrue(Wildcards.match("a".repeat(5000) + "b", "*a*a*a*a*b"));
        assertFalse(Wildcards.match("a".repeat(5000), "*a*a*a*a*b"));
    }

    /** A pattern without wildcards matches exactly itself. */
    @Property
    void aLiteralMatchesOnlyItself(@ForAll String a, @ForAll String b) {
        if (a.indexOf('*') < 0 && a.indexOf('?') < 0) {
            assertEquals(a.equals(b), Wildcards.match(b, a));
            assertTrue(Wildcards.match(a, a));
        }
    }

    /** A star in front and behind finds any substring. */
    @Property
    void starsAroundALiteralFindItAnywhere(@ForAll String before, @ForAll String middle, @ForAll String after) {
        if (middle.indexOf('*') < 0 && middle.indexOf('?') < 0) {
            assertTrue(Wildcards.match(before + middle + after, "*" + middle + "*"));
        }
    }
}
