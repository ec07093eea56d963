/**
 * The RFC 4254 connection protocol messages as records ({@link
 * org.sshwire.connection.message.ConnectionMessage}), with hand-written strict encode/decode and
 * typed decoders for channel-open data, channel request bodies (session requests, {@code break},
 * OpenSSH extensions) and global request bodies. Every decoder is total: arbitrary bytes give a
 * value or a {@link org.sshwire.transport.wire.WireFormatException}, and every peer-controlled count
 * (terminal modes, host keys) is bounded before allocation.
 */
package org.sshwire.connection.message;
