package org.sshwire.proxy;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.wire.Bytes;

/**
 * Sees what the relay carries, for recording and auditing: logins and their routes, channels,
 * channel requests with the answer they got, every byte of channel data, global requests.
 * Called on the relay's threads (one thread per direction of a channel): implementations must be
 * quick and thread-safe, and what they throw is logged and otherwise ignored — a failing
 * recorder never breaks a session. Every method does nothing by default.
 *
 * <pre>{@code
 * RelayTap commands = new RelayTap() {
 *     public void request(RelayedChannel ch, Flow flow, String type, ChannelRequestBody body, boolean ok) {
 *         if (body instanceof ChannelRequestBody.Exec e) System.out.println(ch.login() + " ran " + e.command().utf8());
 *     }
 * };
 * }</pre>
 */
public interface RelayTap {
    /** Which way something went through the relay. */
    enum Flow { CLIENT_TO_UPSTREAM, UPSTREAM_TO_CLIENT }

    /** The user's connection reached its upstream ({@code route}). */
    default void connected(String connection, String login, InetSocketAddress client, Route route) {
    }

    /**
     * The user's connection reached its upstream, logging in with {@code upstreamCertificate}
     * when the {@link UpstreamLogin} made one (see {@link UpstreamCertificates}). The relay calls
     * this one; by default it calls {@link #connected(String, String, InetSocketAddress, Route)}.
     */
    default void connected(String connection, String login, InetSocketAddress client, Route route,
                           Optional<SshCertificate> upstreamCertificate) {
        connected(connection, login, client, route);
    }

    /** The user's connection was not relayed: its route was refused, or the upstream login failed. */
    default void refused(String connection, String login, InetSocketAddress client, String reason) {
    }

    /** A channel is open on both sides. */
    default void channelOpened(RelayedChannel channel) {
    }

    /** A channel open was refused (by the upstream, the user's client or the relay). */
    default void channelRefused(String connection, String type, Bytes openData, String reason) {
    }

    /**
     * A channel request went through and got its answer ({@code accepted} is true for requests
     * that want no reply). {@code body} is the decoded request, or null for a type not decoded.
     */
    default void request(RelayedChannel channel, Flow flow, String type, ChannelRequestBody body, boolean accepted) {
    }

    /** Channel data went through: stream 0 is the data stream, 1 stderr (extended data). */
    default void data(RelayedChannel channel, Flow flow, int stream, Bytes data) {
    }

    /** The channel is closed on both sides. */
    default void channelClosed(RelayedChannel channel) {
    }

    /** A global request of the user (tcpip-forward, ...) went upstream and got its answer. */
    default void globalRequest(String connection, String name, Bytes data, boolean accepted) {
    }

    /**
     * The relay's policy refused something that is not a channel open (those go to
     * {@link #channelRefused}): a forwarding global request ({@code tcpip-forward}, ...) or
     * {@code auth-agent-req@openssh.com}.
     */
    default void policyDenied(String connection, String request, String reason) {
    }

    /** The relay is ending the user's connection: its session time limit was reached, or it was terminated. */
    default void ended(String connection, String reason) {
    }

    /** The user's connection ended. */
    default void disconnected(String connection) {
    }
}
