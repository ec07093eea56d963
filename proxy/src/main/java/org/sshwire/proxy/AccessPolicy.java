package org.sshwire.proxy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sshwire.proxy.internal.policy.Glob;
import org.sshwire.proxy.internal.policy.PolicyFile;
import org.sshwire.proxy.internal.policy.TargetPattern;

/**
 * What each bastion user may do: which targets they may reach, which kinds of forwarding they may
 * use, how long a connection may last and which commands may run. Rules are tried in order and
 * the first whose user patterns match applies; a user no rule matches may do nothing (every
 * route is refused). What a rule leaves unset is taken from the defaults (set before the first
 * {@link Builder#user}), and what those leave unset is sshd's default: any target, every
 * forwarding kind, no time limit, any command.
 *
 * <p>The user a rule matches is the <em>bastion user</em>: the login name before its last
 * {@code @} ({@code alice} for {@code ssh -l alice@db1:22}), or the whole login when it has no
 * {@code @} (a {@code --routes} login) — the account the user authenticated as.
 *
 * <pre>{@code
 * AccessPolicy policy = AccessPolicy.builder()
 *         .maxSession(Duration.ofHours(8))                   // everybody's default
 *         .user("alice", "ops-*")
 *             .targets("*@db*:22", "root@10.0.0.*")
 *             .forwarding(AccessPolicy.Forwarding.LOCAL, AccessPolicy.Forwarding.AGENT)
 *         .user("*")
 *             .targets("app@web*")
 *             .forwarding()                                  // none
 *             .commands(Pattern.compile("uptime|df -h"))
 *         .build();
 * Relay.builder().accessPolicy(policy)...
 * }</pre>
 */
public final class AccessPolicy {
    /**
     * The kinds of forwarding, each allowed or refused as sshd's {@code AllowTcpForwarding
     * local|remote}, {@code AllowStreamLocalForwarding} and {@code AllowAgentForwarding} do.
     */
    public enum Forwarding {
        /** {@code direct-tcpip} channels ({@code ssh -L}, {@code -D}). */
        LOCAL,
        /** {@code tcpip-forward} global requests ({@code ssh -R}). */
        REMOTE,
        /** Unix-socket forwarding both ways: {@code direct-streamlocal@openssh.com} and {@code streamlocal-forward@openssh.com}. */
        STREAMLOCAL,
        /** {@code auth-agent-req@openssh.com} ({@code ssh -A}). */
        AGENT;

        /** The name used in policy files and messages: {@code local}, {@code remote}, ... */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What one bastion user may do, with the defaults already filled in.
     *
     * @param users the user patterns the rule was written for ({@code *} and {@code ?} wildcards)
     * @param targets the target patterns {@code [USER@]HOST[:PORT]} (wildcards in each part; a
     *                missing user or port matches any)
     * @param forwarding the forwarding kinds allowed
     * @param maxSession how long a connection may last, if limited
     * @param commands the commands an exec request may run (matched in full), if limited; a rule
     *                 with commands refuses interactive shells, as {@link CommandPolicy#commandsMatching} does
     * @param forceCommand the command run upstream instead of whatever a session asks for (exec,
     *                     shell or subsystem), as sshd's {@code ForceCommand}; {@code commands} is
     *                     then not consulted
     */
    public record Rule(List<String> users, List<String> targets, Set<Forwarding> forwarding,
                       Optional<Duration> maxSession, Optional<Pattern> commands, Optional<String> forceCommand) {
        public Rule {
            Objects.requireNonNull(forceCommand, "forceCommand");
            users = List.copyOf(users);
            targets = List.copyOf(targets);
            forwarding = forwarding.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(forwarding));
            Objects.requireNonNull(maxSession, "maxSession");
            Objects.requireNonNull(commands, "commands");
        }

        /** Whether {@code route} matches one of the target patterns (as named, not resolved). */
        public boolean allowsTarget(Route route) {
            return targets.stream().anyMatch(t -> TargetPattern.parse(t).matches(route));
        }

        public boolean allows(Forwarding kind) {
            return forwarding.contains(kind);
        }
    }

    private final List<Rule> rules;

    private AccessPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Everybody may do everything (the relay's default). */
    public static AccessPolicy allowAll() {
        return builder().user("*").build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a policy file (see {@code README.md}, "Policy"): {@code KEYWORD VALUE} lines,
     * {@code #} comments; {@code User PATTERN[,PATTERN...]} starts a rule, and the lines before the
     * first {@code User} are the defaults. Keywords: {@code Target}, {@code Forwarding},
     * {@code MaxSessionTime}, {@code AllowCommand}, {@code ForceCommand}.
     *
     * @throws IOException if it cannot be read, or a line is bad: {@code FILE:LINE: what is wrong}
     */
    public static AccessPolicy parse(Path file) throws IOException {
        return PolicyFile.read(file, builder()).build();
    }

    /** The rule for {@code login} (by its bastion user), or empty: the user may do nothing. */
    public Optional<Rule> ruleFor(String login) {
        String user = bastionUser(login);
        return rules.stream().filter(r -> r.users().stream().anyMatch(p -> Glob.matches(p, user))).findFirst();
    }

    /** The rules, in the order they are tried. */
    public List<Rule> rules() {
        return rules;
    }

    /** {@code alice} of {@code alice@db1:22}; a login without {@code @} is itself. */
    public static String bastionUser(String login) {
        int at = login.lastIndexOf('@');
        return at > 0 ? login.substring(0, at) : login;
    }

    /**
     * Builds a policy the way a policy file reads: settings before the first {@link #user} are
     * the defaults, each {@code user(...)} starts a rule and the settings after it are that rule's.
     */
    public static final class Builder {
        private final Draft defaults = new Draft(List.of());
        private final List<Draft> drafts = new ArrayList<>();

        private Builder() {
        }

        private Draft current() {
            return drafts.isEmpty() ? defaults : drafts.get(drafts.size() - 1);
        }

        /** Starts a rule for the bastion users matching any of {@code patterns} ({@code *}, {@code ?}). */
        public Builder user(String... patterns) {
            if (patterns.length == 0) {
                throw new IllegalArgumentException("a rule needs at least one user pattern");
            }
            for (String p : patterns) {
                if (p.isEmpty() || p.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("'" + p + "' is not a user pattern");
                }
            }
            drafts.add(new Draft(List.of(patterns)));
            return this;
        }

        /**
         * Adds targets ({@code [USER@]HOST[:PORT]}, wildcards {@code *} and {@code ?} in each part;
         * an IPv6 host in brackets). Unset: any target.
         */
        public Builder targets(String... patterns) {
            for (String p : patterns) {
                TargetPattern.parse(p); // checked now, so a bad one is reported where it was given
                current().targets.add(p);
            }
            return this;
        }

        /** The forwarding kinds allowed (none when empty). Unset: all of them. */
        public Builder forwarding(Forwarding... kinds) {
            current().forwarding = kinds.length == 0 ? EnumSet.noneOf(Forwarding.class) : EnumSet.of(kinds[0], kinds);
            return this;
        }

        /** How long a connection may last (zero: no limit). Unset: no limit. */
        public Builder maxSession(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a session time limit cannot be negative: " + d);
            }
            current().maxSession = Optional.of(d);
            return this;
        }

        /**
         * The command every session runs upstream, whatever it asked for (exec, shell or
         * subsystem), as sshd's {@code ForceCommand}; a pty the session asked for still goes up.
         * Unset: what the session asks for.
         */
        public Builder forceCommand(String command) {
            if (command.isBlank()) {
                throw new IllegalArgumentException("a forced command cannot be empty");
            }
            current().forceCommand = Optional.of(command);
            return this;
        }

        /** The commands exec requests may run, matched in full; interactive shells are then refused. Unset: any. */
        public Builder commands(Pattern allowed) {
            current().commands = Optional.of(allowed);
            return this;
        }

        public AccessPolicy build() {
            List<Rule> rules = new ArrayList<>();
            for (Draft d : drafts) {
                List<String> targets = !d.targets.isEmpty() ? d.targets : !defaults.targets.isEmpty() ? defaults.targets : List.of("*");
                Set<Forwarding> fwd = d.forwarding != null ? d.forwarding
                        : defaults.forwarding != null ? defaults.forwarding : EnumSet.allOf(Forwarding.class);
                Optional<Duration> max = (d.maxSession.isPresent() ? d.maxSession : defaults.maxSession).filter(x -> !x.isZero());
                Optional<Pattern> cmds = d.commands.isPresent() ? d.commands : defaults.commands;
                Optional<String> forced = d.forceCommand.isPresent() ? d.forceCommand : defaults.forceCommand;
                rules.add(new Rule(d.users, targets, fwd, max, cmds, forced));
            }
            return new AccessPolicy(rules);
        }

        /** A rule (or the defaults) as written so far: null or empty is "not set". */
        private static final class Draft {
            final List<String> users;
            final List<String> targets = new ArrayList<>();
            Set<Forwarding> forwarding;
            Optional<Duration> maxSession = Optional.empty();
            Optional<Pattern> commands = Optional.empty();
            Optional<String> forceCommand = Optional.empty();

            Draft(List<String> users) {
                this.users = users;
            }
        }
    }
}
