package io.tollgate.inference.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Trains a byte-level BPE vocabulary on a text and returns it as GGUF tokenizer metadata ("gpt2" model, GPT-2
 * split), for the model generator. The 256 byte tokens come first, then one token per merge, most frequent
 * pair first (ties: lowest token ids), then the special tokens, then reserved control tokens up to the size when
 * the text runs out of pairs. The same text and size give the same result.
 */
public final class BpeTrainer {

    public static final String BEGIN_OF_TEXT = "<|begin_of_text|>";
    public static final String END_OF_TEXT = "<|end_of_text|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    private static final List<String> SPECIAL_TOKENS = List.of(BEGIN_OF_TEXT, END_OF_TEXT, IM_START, IM_END);

    /** The ChatML template (Jinja) the trained vocabulary's special tokens are meant for. */
    static final String CHATML_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
            + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** The smallest vocabulary: the 256 byte tokens and the special tokens. */
    public static final int MINIMUM_SIZE = 256 + SPECIAL_TOKENS.size();

    private BpeTrainer() {}

    /** The project text shipped for training: its documentation and some of its Java sources. */
    public static String bundledCorpus() {
        try (InputStream in = BpeTrainer.class.getResourceAsStream("corpus.txt")) {
            if (in == null) throw new IllegalStateException("corpus.txt is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param vocabularySize tokens wanted, special tokens included; when the text runs out of pairs (every word
     *     already one token) reserved control tokens {@code <|reserved_N|>} fill the rest, so a model's vocabulary
     *     size is what its spec says
     */
    public static Map<String, Object> train(String corpus, int vocabularySize) {
        if (vocabularySize < MINIMUM_SIZE) {
            throw new IllegalArgumentException("vocabulary size " + vocabularySize + " is below " + MINIMUM_SIZE
                    + " (256 byte tokens and " + SPECIAL_TOKENS.size() + " special tokens)");
        }
        List<String> tokens = new ArrayList<>(vocabularySize);
        for (int b = 0; b < 256; b++) tokens.add(String.valueOf(ByteUnicode.charOf((byte) b)));
        List<String> merges = new ArrayList<>();
        new PairMerger(wordCounts(corpus)).run(vocabularySize - SPECIAL_TOKENS.size(), tokens, merges);

        List<Integer> types = new ArrayList<>(vocabularySize);
        for (int i = 0; i < tokens.size(); i++) types.add(TokenType.NORMAL.code());
        int firstSpecial = tokens.size();
        for (String special : SPECIAL_TOKENS) {
            tokens.add(special);
            types.add(TokenType.CONTROL.code());
        }
        for (int i = 0; tokens.size() < vocabularySize; i++) {
            tokens.add("<|reserved_" + i + "|>");
            types.add(TokenType.CONTROL.code());
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(TokenizerMetadata.MODEL, "gpt2");
        metadata.put(TokenizerMetadata.PRE, "default");
        metadata.put(TokenizerMetadata.TOKENS, List.copyOf(tokens));
        metadata.put(TokenizerMetadata.TOKEN_TYPE, List.copyOf(types));
        metadata.put(TokenizerMetadata.MERGES, List.copyOf(merges));
        metadata.put(TokenizerMetadata.BOS, firstSpecial + SPECIAL_TOKENS.indexOf(BEGIN_OF_TEXT));
        metadata.put(TokenizerMetadata.EOS, firstSpecial + SPECIAL_TOKENS.indexOf(END_OF_TEXT));
        metadata.put(TokenizerMetadata.ADD_BOS, Boolean.TRUE);
        metadata.put(TokenizerMetadata.CHAT_TEMPLATE, CHATML_TEMPLATE);
        return metadata;
    }

    /** Words (GPT-2 split) and how often each occurs, in a fixed order. */
    private static TreeMap<String, Integer> wordCounts(String corpus) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        Matcher words = PreTokenizer.GPT2.pattern.matcher(corpus);
        while (words.find()) counts.merge(words.group(), 1, Integer::sum);
        return counts;
    }

    /** The training state: each distinct word as its current tokens, and the count of each adjacent pair. */
    private static final class PairMerger {

        private final int[][] words;
        private final int[] wordCounts;
        private final Map<Long, PairStats> pairs = new HashMap<>();
        private final Map<String, Integer> ids = new HashMap<>();
        /** (count, pair), most frequent first, then lowest ids; entries whose count went stale are skipped. */
        private final PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) ->
                a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));

        private static final class PairStats {
            long count;
            final Set<Integer> words = new HashSet<>();
        }

        PairMerger(TreeMap<String, Integer> counts) {
            words = new int[counts.size()][];
            wordCounts = new int[counts.size()];
            int w = 0;
            for (Map.Entry<String, Integer> entry : counts.entrySet()) {
                byte[] bytes = entry.getKey().getBytes(StandardCharsets.UTF_8);
                int[] symbols = new int[bytes.length];
                for (int i = 0; i < bytes.length; i++) symbols[i] = bytes[i] & 0xFF;
                words[w] = symbols;
                wordCounts[w++] = entry.getValue();
            }
            Set<Long> touched = new HashSet<>();
            for (w = 0; w < words.length; w++) count(w, +1, touched);
            touched.forEach(this::enqueue);
        }

        void run(int size, List<String> tokens, List<String> merges) {
            for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
            while (tokens.size() < size && !queue.isEmpty()) {
                long[] top = queue.poll();
                PairStats stats = pairs.get(top[1]);
                if (stats == null || stats.count != top[0] || stats.count <= 0) continue;
                int left = (int) (top[1] >>> 32);
                int right = (int) top[1];
                String text = tokens.get(left) + tokens.get(right);
                // another order of merges may have made this string already: one token for both
                int merged = ids.computeIfAbsent(text, t -> tokens.size());
                if (merged == tokens.size()) tokens.add(text);
                merges.add(tokens.get(left) + " " + tokens.get(right));
                Set<Long> touched = new HashSet<>();
                for (int w : List.copyOf(stats.words)) {
                    count(w, -1, touched);
                    words[w] = merge(words[w], left, right, merged);
                    count(w, +1, touched);
                }
                touched.forEach(this::enqueue);
            }
        }

        private void count(int w, int sign, Set<Long> touched) {
            int[] symbols = words[w];
            for (int i = 0; i + 1 < symbols.length; i++) {
                long key = ((long) symbols[i] << 32) | symbols[i + 1];
                PairStats stats = pairs.computeIfAbsent(key, k -> new PairStats());
                stats.count += (long) sign * wordCounts[w];
                if (sign > 0) stats.words.add(w);
                touched.add(key);
            }
        }

        private void enqueue(long key) {
            PairStats stats = pairs.get(key);
            if (stats.count > 0) queue.add(new long[] {stats.count, key});
        }

        private static int[] merge(int[] symbols, int left, int right, int merged) {
            int[] out = new int[symbols.length];
            int n = 0;
            for (int i = 0; i < symbols.length; i++) {
                if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                    out[n++] = merged;
                    i++;
                } else {
                    out[n++] = symbols[i];
                }
            }
            return Arrays.copyOf(out, n);
        }
    }
}
