/**
 * The sans-IO channel engine ({@link org.sshwire.connection.engine.ConnectionEngine}): payloads
 * 80–127 in, payloads and {@link org.sshwire.connection.engine.ConnectionEvent}s out, for either
 * role. Drivers and the {@code SshClient}/{@code SshServer} API build on it.
 *
 * <h2>Decisions where RFC 4254 leaves room</h2>
 * <ul>
 *   <li><b>Unknown channel ids</b> (never handed out): PROTOCOL_ERROR, as OpenSSH
 *       ({@code channels.c channel_from_packet_id}: "packet referred to nonexistent channel").
 *       Messages for a channel that is closed on both sides (or whose open failed) are ignored:
 *       ids are not reused until 2^31 allocations, so the id is known to be a closed one, and
 *       OpenSSH's ssh ignores late replies for it ({@code channel_input_status_confirm}) — a
 *       paramiko server answers an exec request after closing its channel.</li>
 *   <li><b>Window adjust overflow</b> (window + adjust &gt; 2^32−1, RFC 4254 §5.2 "MUST NOT"):
 *       PROTOCOL_ERROR, as OpenSSH ({@code fatal("adjust %u overflows remote window")}) and Go. An
 *       adjust of 2^32−1 onto an empty window is legal and fills it.</li>
 *   <li><b>Window or maximum packet overrun</b>: PROTOCOL_ERROR (OpenSSH allows 10% excess and
 *       drops oversized packets; we hold the peer to what it was given).</li>
 *   <li><b>Messages in the wrong phase</b> (data before confirmation, a second confirmation, data
 *       after EOF, replies without requests): PROTOCOL_ERROR.</li>
 *   <li><b>Requests we refuse without asking the application</b> — CHANNEL_FAILURE / REQUEST_FAILURE,
 *       connection kept: {@code keepalive@openssh.com} (as OpenSSH), a second shell/exec/subsystem,
 *       {@code x11-req} unless allowed, a malformed body for a known type, a {@code pty-req} with
 *       more than {@link org.sshwire.connection.message.TerminalModes#MAX_MODES} modes.</li>
 *   <li><b>Opens we refuse</b>: session opens at a client (RFC 4254 §6.1), sessions after
 *       {@code no-more-sessions@openssh.com} (OpenSSH disconnects instead), {@code x11} unless
 *       allowed, a full channel table (RESOURCE_SHORTAGE), malformed open data.</li>
 *   <li><b>Unanswered questions are bounded</b>: more than
 *       {@link org.sshwire.connection.engine.ConnectionConfig#maxPendingRequests()} want-reply
 *       requests awaiting the application (per channel, or global) is a PROTOCOL_ERROR.</li>
 * </ul>
 */
package org.sshwire.connection.engine;
