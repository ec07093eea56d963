package org.sshwire.testvectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads Wycheproof files ({@code wycheproof/*.json}, C2SP {@code testvectors_v1} schema).
 *
 * <p>Groups and cases keep every JSON member in {@code fields()}, so any schema's parameters can
 * be read with the typed helpers; a missing member or wrong type throws
 * {@link IllegalArgumentException} naming it.
 */
public final class Wycheproof {
    private Wycheproof() {
    }

    /**
     * Loads {@code wycheproof/<fileName>}; skips the calling test when the data is absent (fails
     * under {@code CI=true}).
     */
    public static WycheproofFile load(String fileName) {
        return parse(Values.readUtf8(VectorFiles.require("wycheproof/" + fileName)));
    }

    /** Parses the text of one Wycheproof file. */
    static WycheproofFile parse(String json) {
        Map<String, Object> root = Values.asObject(Json.parse(json), "the file");
        List<TestGroup> groups = new ArrayList<>();
        for (Object g : Values.list(root, "testGroups")) {
            Map<String, Object> group = new LinkedHashMap<>(Values.asObject(g, "test group"));
            List<TestCase> tests = new ArrayList<>();
            for (Object t : Values.list(group, "tests")) {
                tests.add(testCase(Values.asObject(t, "test case")));
            }
            group.remove("tests"); // held as parsed TestCases instead
            groups.add(new TestGroup(group, tests));
        }
        return new WycheproofFile(Values.str(root, "algorithm"), Values.integer(root, "numberOfTests"), groups);
    }

    private static TestCase testCase(Map<String, Object> t) {
        int tcId = Values.integer(t, "tcId");
        try {
            // Some schemas (ML-KEM) omit "comment" or "flags"; absent means none.
            String comment = t.containsKey("comment") ? Values.str(t, "comment") : "";
            List<String> flags = new ArrayList<>();
            if (t.containsKey("flags")) {
                for (Object f : Values.list(t, "flags")) {
                    if (!(f instanceof String s)) {
                        throw new IllegalArgumentException("flag is not a string: " + f);
                    }
                    flags.add(s);
                }
            }
            String result = Values.str(t, "result");
            if (!List.of("valid", "invalid", "acceptable").contains(result)) {
                throw new IllegalArgumentException("unknown result \"" + result + "\"");
            }
            return new TestCase(tcId, comment, result, flags, t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tcId " + tcId + ": " + e.getMessage(), e);
        }
    }

    /** One file: its algorithm, the declared number of tests, and the groups. */
    public record WycheproofFile(String algorithm, int numberOfTests, List<TestGroup> groups) {
        public WycheproofFile {
            groups = List.copyOf(groups);
        }

        /** All cases of all groups, in file order. */
        public List<TestCase> allTests() {
            List<TestCase> all = new ArrayList<>();
            groups.forEach(g -> all.addAll(g.tests()));
            return all;
        }
    }

    /**
     * A test group: its parameters ({@code fields}: every member except {@code tests}, in file
     * order) and its cases.
     */
    public record TestGroup(Map<String, Object> fields, List<TestCase> tests) {
        public TestGroup {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            tests = List.copyOf(tests);
        }

        /** A string member, such as {@code "sha"} or {@code "curve"}. */
        public String str(String key) {
            return Values.str(fields, key);
        }

        /** An integer member, such as {@code "keySize"}. */
        public int integer(String key) {
            return Values.integer(fields, key);
        }

        /** A hex member, decoded, such as {@code "publicKeyDer"}. */
        public byte[] hex(String key) {
            return Values.hex(fields, key);
        }

        /** A nested object, such as {@code "publicKey"}. */
        public Map<String, Object> object(String key) {
            return Collections.unmodifiableMap(Values.object(fields, key));
        }
    }

    /**
     * One case. {@code fields} holds every member of the case (including {@code tcId},
     * {@code result}, ...); {@code comment} is empty and {@code flags} empty when the file omits them.
     */
    public record TestCase(int tcId, String comment, String result, List<String> flags, Map<String, Object> fields) {
        public TestCase {
            flags = List.copyOf(flags);
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** A hex member, decoded, such as {@code "msg"}, {@code "sig"}, {@code "ct"}. */
        public byte[] hex(String key) {
            return Values.hex(fields, key);
        }

        /** A string member. */
        public String str(String key) {
            return Values.str(fields, key);
        }

        /** Whether every implementation must accept this case. */
        public boolean isValid() {
            return "valid".equals(result);
        }

        /** Whether every implementation must reject this case. */
        public boolean isInvalid() {
            return "invalid".equals(result);
        }

        /** Whether the case may be accepted or rejected; check {@link #flags()} for why. */
        public boolean isAcceptable() {
            return "acceptable".equals(result);
        }

        /** Whether the case carries {@code flag}, such as {@code "ZeroSharedSecret"}. */
        public boolean hasFlag(String flag) {
            return flags.contains(flag);
        }
    }
}
