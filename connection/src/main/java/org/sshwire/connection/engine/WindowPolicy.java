package org.sshwire.connection.engine;

/**
 * Decides when the receiving side of a channel returns credit with WINDOW_ADJUST (RFC 4254 §5.2
 * leaves this to the implementation). Credit is what the application has consumed since the last
 * adjust; returning it keeps the window at most at its initial size.
 *
 * <pre>{@code
 * ConnectionConfig cfg = ConnectionConfig.server().withWindowPolicy(WindowPolicy.immediate());
 * }</pre>
 */
@FunctionalInterface
public interface WindowPolicy {

    /**
     * How much of {@code credit} to return now; 0 waits for more. Values outside 0..credit are
     * clamped to that range.
     *
     * @param window        the credit the peer still has (bytes it may send)
     * @param credit        bytes consumed by the application and not yet returned
     * @param initialWindow the window this side announced when the channel opened
     * @param maxPacket     the maximum packet this side announced
     */
    long adjustment(long window, long credit, long initialWindow, long maxPacket);

    /**
     * The default: return all credit once the window fell below half its initial size, or once at
     * least three maximum packets were consumed — few adjusts, and the peer never stalls on a
     * window that is only slightly short. "Below half" is {@code 2 * window < initial}, so an
     * exhausted window is always refilled, even for an initial window of 1.
     */
    static WindowPolicy standard() {
        return (window, credit, initial, maxPacket) ->
                credit > 0 && (2 * window < initial || credit >= 3 * maxPacket) ? credit : 0;
    }

    /** Returns credit as soon as any is consumed: one adjust per read (useful in tests). */
    static WindowPolicy immediate() {
        return (window, credit, initial, maxPacket) -> credit;
    }
}
