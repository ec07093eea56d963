package org.sshwire.connection.server;

import org.sshwire.connection.message.TerminalModes;

/**
 * A pseudo-terminal the client asked for (RFC 4254 §6.2), with its current size.
 *
 * <pre>{@code
 * session.pty().ifPresent(p -> System.out.println(p.term() + " " + p.columns() + "x" + p.rows()));
 * }</pre>
 */
public record Pty(String term, int columns, int rows, int widthPixels, int heightPixels, TerminalModes modes) {

    /** The same terminal at a new size (window-change). */
    public Pty resized(int newColumns, int newRows, int newWidthPixels, int newHeightPixels) {
        return new Pty(term, newColumns, newRows, newWidthPixels, newHeightPixels, modes);
    }

    static int clamp(long v) {
        return (int) Math.min(v, 0xFFFF); // no terminal is wider than 65535 cells
    }
}
