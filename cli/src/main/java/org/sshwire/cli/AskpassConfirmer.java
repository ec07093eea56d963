package org.sshwire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.sshwire.auth.internal.agent.AgentSession;

/**
 * How {@code sshwire agent} asks the user to confirm a key's use, as ssh-agent does
 * ({@code ask_permission} in readpass.c): it runs {@code $SSH_ASKPASS prompt} with
 * {@code SSH_ASKPASS_PROMPT=confirm}; a zero exit whose answer is empty or begins with "yes"
 * allows the use. Without SSH_ASKPASS nobody can be asked, so the use is refused. Unlike
 * ssh-agent, which waits as long as the dialog stays open, the answer is awaited 120 s.
 */
final class AskpassConfirmer implements AgentSession.Confirmer {
    private static final System.Logger LOG = System.getLogger(AskpassConfirmer.class.getName());
    private static final int MAX_ANSWER = 1024;

    @Override
    public boolean confirm(String prompt) {
        String askpass = System.getenv("SSH_ASKPASS");
        if (askpass == null || askpass.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "key use needs confirmation but SSH_ASKPASS is not set: refused");
            return false;
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(askpass, prompt)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SSH_ASKPASS_PROMPT", "confirm");
        try {
            Process p = pb.start();
            byte[] answer;
            try (InputStream in = p.getInputStream()) {
                answer = in.readNBytes(MAX_ANSWER);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            String a = new String(answer, StandardCharsets.UTF_8);
            return p.exitValue() == 0 && (a.isEmpty() || a.startsWith("\n") || a.toLowerCase(Locale.ROOT).startsWith("yes"));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, () -> "cannot run SSH_ASKPASS " + askpass + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
