package org.sshwire.proxy.internal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control socket's JSON lines read back what {@link Json} writes, and refuse anything else. */
class JsonFlatTest {
    @Test
    void whatJsonWritesReadsBackWithEscapesUndone() {
        String tricky = "a\"b\\c\nd\te\u0001f é 😀";
        String line = new Json().put("s", tricky).put("n", 42).put("b", true).put("skipped", null).toString();
        assertEquals(Map.of("s", tricky, "n", "42", "b", "true"), Json.parseFlat(line));
        assertEquals(Map.of(), Json.parseFlat(" { } "));
        assertEquals(Map.of("x", "-1.5e3"), Json.parseFlat("{\"x\": -1.5e3 ,\"y\":null}"));
        assertEquals(Map.of("x", "null"), Json.parseFlat("{\"x\":\"null\"}"));
    }

    @Test
    void malformedLinesAreRefused() {
        for (String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1", "{\"a\":1}x", "[1]", "{\"a\":{\"b\":1}}",
                "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"open}", "{\"a\":tru}", "{a:1}"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parseFlat(bad), bad);
        }
    }
}
