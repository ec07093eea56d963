package org.sshwire.testvectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict JSON parser: values, escapes, numbers, and what it must refuse. */
class JsonTest {

    @Test
    void objectsKeepMemberOrderAndMapEveryValueKind() {
        Object v = Json.parse(" {\"z\": 1, \"a\": [true, false, null], \"m\": {\"s\": \"x\"}, \"e\": {}, \"l\": []}\n");
        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, v);
        assertEquals(List.of("z", "a", "m", "e", "l"), List.copyOf(map.keySet()));
        assertEquals(new BigDecimal("1"), map.get("z"));
        assertEquals(Arrays.asList(Boolean.TRUE, Boolean.FALSE, null), map.get("a"));
        assertEquals(Map.of("s", "x"), map.get("m"));
        assertEquals(Map.of(), map.get("e"));
        assertEquals(List.of(), map.get("l"));
    }

    @Test
    void scalarsStandAloneAtTopLevel() {
        assertEquals("a", Json.parse("\"a\""));
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertNull(Json.parse(" null "));
        assertEquals(new BigDecimal("-0.5e3"), Json.parse("-0.5e3"));
    }

    @Test
    void numbersAreExactDecimals() {
        assertEquals(new BigDecimal("121932629754610590"), Json.parse("121932629754610590"));
        assertEquals(new BigDecimal("18446744073709551615"), Json.parse("18446744073709551615"));
        assertEquals(new BigDecimal("0.1"), Json.parse("0.1"));
        assertEquals(new BigDecimal("1E+400"), Json.parse("1E+400"));
        assertEquals(new BigDecimal("25e-1"), Json.parse("25e-1"));
        assertEquals(0, new BigDecimal("0").compareTo((BigDecimal) Json.parse("-0")));
    }

    @Test
    void stringEscapesDecode() {
        assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("A\u00e9\u20ac", Json.parse("\"\\u0041\\u00E9\\u20ac\""));
        assertEquals("\u0000", Json.parse("\"\\u0000\""));
        assertEquals("\u00e9 raw", Json.parse("\"\u00e9 raw\""));
    }

    @Test
    void surrogatePairEscapeBecomesOneCodePoint() {
        String s = (String) Json.parse("\"\\ud83d\\uDE00\"");
        assertEquals(1, s.codePointCount(0, s.length()));
        assertEquals(0x1F600, s.codePointAt(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"\\ud83d\"", "\"\\ud83dx\"", "\"\\ud83d\\u0041\"", "\"\\ude00\"", "\"\\ude00\\ud83d\"",
    })
    void unpairedSurrogateEscapesAreRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "[", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1 2]",
        "01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "tru", "nul", "True",
        "\"abc", "\"a\\x\"", "\"a\\u12\"", "\"a\\u12g4\"", "\"a\\u\uff10\uff10\uff10\uff10\"",
        "\"tab\there\"", "\"nl\nhere\"", "1 2", "{} {}", "[]]", "\ufeff{}", "\u00a0[]",
        "{\"a\":1,\"a\":2}", "1e99999999999",
    })
    void malformedInputIsRejectedWithAnOffset(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().matches("offset \\d+: .+"), e.getMessage());
    }

    @Test
    void errorOffsetPointsAtTheFault() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2 3]"))
                .getMessage().startsWith("offset 6: "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"k\": 1, \"k\": 2}"))
                .getMessage().startsWith("offset 9: duplicate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("[\"a\\qb\"]"))
                .getMessage().startsWith("offset 3: invalid escape"));
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse(deep))
                .getMessage().contains("nesting"));
        String fine = "[".repeat(200) + "]".repeat(200);
        assertInstanceOf(List.class, Json.parse(fine));
    }
}
