package io.tollgate.inference.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds control and user-defined tokens written in text. Candidates are grouped by first character, longest
 * first, so most positions cost one map lookup even with Llama 3's 256 reserved tokens.
 */
final class SpecialTokenMatcher {

    /** Receives the text between special tokens and the special tokens, in order. */
    interface Sink {
        void text(String text, int start, int end);

        void special(int id);
    }

    private record Candidate(String text, int id) {}

    private final Map<Character, List<Candidate>> byFirstChar = new HashMap<>();

    SpecialTokenMatcher(Map<String, Integer> specials) {
        specials.forEach((text, id) ->
                byFirstChar.computeIfAbsent(text.charAt(0), c -> new ArrayList<>()).add(new Candidate(text, id)));
        Comparator<Candidate> longestFirst = Comparator.comparingInt((Candidate c) -> c.text.length()).reversed()
                .thenComparing(Candidate::text);
        byFirstChar.values().forEach(list -> list.sort(longestFirst));
    }

    void split(String text, Sink sink) {
        int textStart = 0;
        int i = 0;
        while (i < text.length()) {
            Candidate match = byFirstChar.isEmpty() ? null : matchAt(text, i);
            if (match == null) {
                i++;
                continue;
            }
            if (i > textStart) sink.text(text, textStart, i);
            sink.special(match.id);
            i += match.text.length();
            textStart = i;
        }
        if (textStart < text.length()) sink.text(text, textStart, text.length());
    }

    private Candidate matchAt(String text, int i) {
        List<Candidate> candidates = byFirstChar.get(text.charAt(i));
        if (candidates == null) return null;
        for (Candidate c : candidates) {
            if (text.startsWith(c.text, i)) return c;
        }
        return null;
    }
}
