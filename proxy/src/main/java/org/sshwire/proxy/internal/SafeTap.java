package org.sshwire.proxy.internal;

import java.net.InetSocketAddress;
import java.util.List;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.proxy.RelayTap;
import org.sshwire.proxy.RelayedChannel;
import org.sshwire.proxy.Route;
import org.sshwire.transport.wire.Bytes;

/** The relay's taps as one: each called in turn, what one throws logged and not passed on. */
public final class SafeTap implements RelayTap {
    private static final System.Logger LOG = System.getLogger(SafeTap.class.getName());
    private final List<RelayTap> taps;

    public SafeTap(List<RelayTap> taps) {
        this.taps = List.copyOf(taps);
    }

    private interface Call {
        void on(RelayTap t);
    }

    private void each(Call c) {
        for (RelayTap t : taps) {
            try {
                c.on(t);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "relay tap " + t + " failed", e);
            }
        }
    }

    @Override
    public void connected(String connection, String login, InetSocketAddress client, Route route) {
        connected(connection, login, client, route, java.util.Optional.empty());
    }

    @Override
    public void connected(String connection, String login, InetSocketAddress client, Route route,
                          java.util.Optional<org.sshwire.transport.keys.SshCertificate> upstreamCertificate) {
        each(t -> t.connected(connection, login, client, route, upstreamCertificate));
    }

    @Override
    public void refused(String connection, String login, InetSocketAddress client, String reason) {
        each(t -> t.refused(connection, login, client, reason));
    }

    @Override
    public void channelOpened(RelayedChannel channel) {
        each(t -> t.channelOpened(channel));
    }

    @Override
    public void channelRefused(String connection, String type, Bytes openData, String reason) {
        each(t -> t.channelRefused(connection, type, openData, reason));
    }

    @Override
    public void request(RelayedChannel channel, Flow flow, String type, ChannelRequestBody body, boolean accepted) {
        each(t -> t.request(channel, flow, type, body, accepted));
    }

    @Override
    public void data(RelayedChannel channel, Flow flow, int stream, Bytes data) {
        each(t -> t.data(channel, flow, stream, data));
    }

    @Override
    public void channelClosed(RelayedChannel channel) {
        each(t -> t.channelClosed(channel));
    }

    @Override
    public void globalRequest(String connection, String name, Bytes data, boolean accepted) {
        each(t -> t.globalRequest(connection, name, data, accepted));
    }

    @Override
    public void policyDenied(String connection, String request, String reason) {
        each(t -> t.policyDenied(connection, request, reason));
    }

    @Override
    public void ended(String connection, String reason) {
        each(t -> t.ended(connection, reason));
    }

    @Override
    public void disconnected(String connection) {
        each(t -> t.disconnected(connection));
    }
}
