package org.sshwire.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.TransportConfig;

/** ssh_config(5)'s list syntax, as a table. */
class AlgorithmListTest {
    static final List<String> D = List.of("a", "b", "c");

    @Test
    void plusAppendsMinusRemovesCaretPutsFirstPlainReplaces() {
        assertEquals(List.of("a", "b", "c", "x", "y"), AlgorithmList.edit(D, "+x,y"));
        assertEquals(List.of("a", "b", "c"), AlgorithmList.edit(D, "+b"));
        assertEquals(List.of("a", "c"), AlgorithmList.edit(D, "-b,z"));
        assertEquals(List.of("c", "x", "a", "b"), AlgorithmList.edit(D, "^c,x"));
        assertEquals(List.of("x"), AlgorithmList.edit(D, "x"));
        assertEquals(List.of("aes128-cbc"), AlgorithmList.edit(TransportConfig.DEFAULT_CIPHERS, "aes128-cbc"));
        assertEquals("aes128-cbc", AlgorithmList.edit(TransportConfig.DEFAULT_CIPHERS, "+aes128-cbc").get(TransportConfig.DEFAULT_CIPHERS.size()));
    }
}
