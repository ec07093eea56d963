package org.sshwire.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTest {
    @TempDir
    Path dir;

    @Test
    void loginNamesParseAsUserAtHostWithAnOptionalPort() {
        assertEquals(new Route("alice", "db1", 22), Route.parse("alice@db1"));
        assertEquals(new Route("alice", "db1", 2222), Route.parse("alice@db1:2222"));
        assertEquals(new Route("a@corp", "db1", 22), Route.parse("a@corp@db1"));
        assertEquals(new Route("alice", "::1", 2200), Route.parse("alice@[::1]:2200"));
        assertEquals("alice@[::1]:2200", Route.parse("alice@[::1]:2200").toString());
        assertEquals("alice@db1:22", Route.parse("alice@db1").toString());
    }

    @Test
    void malformedLoginNamesAreRefusedSayingWhatIsWrong() {
        for (String bad : List.of("alice", "@db1", "alice@", "alice@db1:0", "alice@db1:65536", "alice@db1:x", "alice@[::1", "alice@[::1]x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Route.parse(bad), bad);
            assertEquals(true, e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void aRoutesFileSendsListedLoginsAndRefusesOthers() throws Exception {
        Path f = Files.write(dir.resolve("routes"), List.of("# who  where", "", "alice  root@db1:2200", "bob bob@db2"));
        Router r = Router.routesFile(f);
        assertEquals(new Route("root", "db1", 2200), r.route("alice", null));
        assertEquals(new Route("bob", "db2", 22), r.route("bob", null));
        RouteDeniedException e = assertThrows(RouteDeniedException.class, () -> r.route("carol", null));
        assertEquals("no route for carol on this bastion", e.getMessage());
    }

    @Test
    void aMalformedRoutesFileIsRefusedWithItsLineNumber() throws Exception {
        Path f = Files.write(dir.resolve("routes"), List.of("alice root@db1", "bob"));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Router.routesFile(f));
        assertEquals(f + " line 2: want LOGIN USER@HOST[:PORT]", e.getMessage());
    }
}
