package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptEnvTest {
    @Test
    void theDefaultTakesLangAndLcVariablesOnly() {
        for (String ok : new String[] {"LANG", "LC_ALL", "LC_TIME", "LC_"}) {
            assertTrue(AcceptEnv.DEFAULT.accepts(ok), ok);
        }
        for (String no : new String[] {"LANGUAGE", "LD_PRELOAD", "BASH_ENV", "PATH", "TERM", "USER", "lang", "XLC_TIME", ""}) {
            assertFalse(AcceptEnv.DEFAULT.accepts(no), no);
        }
    }

    @Test
    void wildcardsNeverLetThroughWhatChangesWhichCodeRuns() {
        AcceptEnv all = new AcceptEnv(List.of("*", "L?_*", "BASH*"));
        assertTrue(all.accepts("EDITOR"));
        for (String no : new String[] {"LD_PRELOAD", "LD_LIBRARY_PATH", "BASH_ENV", "BASH_FUNC_ls%%", "PATH", "IFS",
            "PERL5OPT", "PYTHONPATH", "JAVA_TOOL_OPTIONS"}) {
            assertFalse(all.accepts(no), no);
        }
        assertTrue(new AcceptEnv(List.of("LD_PRELOAD", "PATH")).accepts("LD_PRELOAD"), "named exactly, as the admin chose");
        assertTrue(new AcceptEnv(List.of("LD_PRELOAD", "PATH")).accepts("PATH"));
    }

    @Test
    void namesExecveCannotCarryAreRefused() {
        AcceptEnv all = new AcceptEnv(List.of("*"));
        assertFalse(all.accepts("A=B"));
        assertFalse(all.accepts("A\0B"));
    }
}
