package org.sshwire.connection.client;

import java.io.IOException;
import java.util.List;
import org.sshwire.auth.AuthMessage;

/**
 * Answers the server's keyboard-interactive prompts (RFC 4256 §3.2), as ssh(1) does on a terminal:
 * show {@code name} and {@code instruction} when not empty, then read one answer per prompt,
 * echoing what is typed only where {@link AuthMessage.Prompt#echo()} says so. Called once per
 * round (a server may send several, e.g. password then one-time code) on the client's executor.
 * A round whose only prompt is a hidden password prompt is answered with the builder's
 * {@link SshClient.Builder#password password}, once, without calling this.
 *
 * <pre>{@code
 * SshClient.builder("alice").keyboardInteractive((name, instruction, prompts) -> {
 *     Console con = System.console();
 *     List<String> answers = new ArrayList<>();
 *     for (AuthMessage.Prompt p : prompts) {
 *         answers.add(p.echo() ? con.readLine("%s", p.text()) : new String(con.readPassword("%s", p.text())));
 *     }
 *     return answers;
 * });
 * }</pre>
 */
@FunctionalInterface
public interface KeyboardInteractiveChallenge {
    /**
     * @return one answer per prompt, in order; or null to give up keyboard-interactive for this
     *         login, which then goes on with the next method (rounds without prompts are
     *         answered without calling this)
     * @throws IOException to end the login; {@code connect} throws it
     */
    List<String> answer(String name, String instruction, List<AuthMessage.Prompt> prompts) throws IOException;
}
