package org.sshwire.connection.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.transport.keys.SshKeyPair;

/** {@link SshClient.Builder#banner}: the server's USERAUTH_BANNER reaches the listener before connect returns or fails. */
class AuthBannerTest {
    static final SshKeyPair OTHER = SshKeyPair.generate("ssh-ed25519", 0, ClientForwardsTest.C);

    SshServer server(String banner) throws IOException {
        return SshServer.builder().listen("127.0.0.1", 0).hostKey(ClientForwardsTest.HOST)
                .authConfig(ServerAuthConfig.builder().banner(banner).build())
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> k.equals(ClientForwardsTest.ALICE.publicKey())
                        ? Optional.of(Permissions.DEFAULT) : Optional.empty()).build())
                .handler(s -> s.exit(0)).build().start();
    }

    SshClient.Builder builder(SshKeyPair key, List<String> shown) {
        return SshClient.builder("alice").identity(key).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(ClientForwardsTest.HOST.publicKey()))
                .banner(text -> {
                    try {
                        Thread.sleep(200); // a slow listener still finishes before connect() returns
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    shown.add(text);
                });
    }

    @Test
    void theBannerIsShownBeforeConnectReturnsOrFails() throws Exception {
        try (SshServer s = server("Authorised use only\n\u001b[31m!\n")) {
            List<String> shown = new CopyOnWriteArrayList<>();
            try (SshClient c = builder(ClientForwardsTest.ALICE, shown).connect("127.0.0.1", s.port())) {
                assertEquals(List.of("Authorised use only\n\u001b[31m!\n"), shown); // unfiltered: the caller sanitises
            }
            List<String> refused = new CopyOnWriteArrayList<>();
            assertThrows(IOException.class, () -> builder(OTHER, refused).connect("127.0.0.1", s.port()));
            assertEquals(List.of("Authorised use only\n\u001b[31m!\n"), refused);
        }
    }
}
