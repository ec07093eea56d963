package org.sshwire.examples;

import java.nio.file.Path;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.Identity;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.server.SshServer;
import org.sshwire.proxy.RelayTap;
import org.sshwire.proxy.RelayedChannel;
import org.sshwire.proxy.Relay;
import org.sshwire.proxy.Route;
import org.sshwire.proxy.RouteDeniedException;
import org.sshwire.proxy.Router;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * A bastion of your own: logins as {@code USER@HOST[:PORT]} reach this machine only, upstream with the
 * bastion's key and known_hosts; every command is printed. Usage: {@code CustomBastion PORT HOST_KEY
 * AUTHORIZED_KEYS UPSTREAM_KEY UPSTREAM_KNOWN_HOSTS}
 */
public final class CustomBastion {
    private CustomBastion() {
    }

    public static void main(String[] args) throws Exception {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        Identity upstreamKey = Identity.fromFile(Path.of(args[3]), null, crypto);
        HostKeyVerifier upstreamHosts = HostKeyVerifier.knownHosts(Path.of(args[4]));
        Router thisMachineOnly = (login, conn) -> {
            Route r = Router.loginName().route(login, conn);
            if (!r.host().equals("127.0.0.1")) {
                throw new RouteDeniedException(r.host() + " is not reachable from this bastion, only 127.0.0.1");
            }
            return r;
        };
        RelayTap commands = new RelayTap() {
            @Override
            public void request(RelayedChannel ch, Flow flow, String type, ChannelRequestBody body, boolean accepted) {
                if (body instanceof ChannelRequestBody.Exec e) {
                    System.out.println("audit: " + ch.client() + " ran '" + e.command().asUtf8() + "' on " + ch.route());
                }
            }
        };
        Relay relay = Relay.builder()
                .router(thisMachineOnly)
                .upstreamLogin((route, b, agent) -> b.identity(upstreamKey).hostKeyVerifier(upstreamHosts))
                .tap(commands)
                .build();
        SshServer server = relay.installOn(SshServer.builder()
                        .listen("127.0.0.1", Integer.parseInt(args[0]))
                        .hostKeyFile(Path.of(args[1]))
                        .auth(ServerAuthPolicy.builder()
                                .publicKeys(AuthorizedKeysVerifier.files(user -> Path.of(args[2]), crypto)).build()))
                .build().start();
        Serving.untilStopped(server);
    }
}
