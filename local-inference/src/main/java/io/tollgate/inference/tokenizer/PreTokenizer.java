package io.tollgate.inference.tokenizer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The regular expression that splits text into words before byte-level BPE, named as llama.cpp names it in
 * {@code tokenizer.ggml.pre}. Each word is encoded on its own, so merges never cross these boundaries.
 */
enum PreTokenizer {
    /** GPT-2 (OpenAI's r50k_base); also what a GGUF without {@code tokenizer.ggml.pre} gets. */
    GPT2(false, "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            "default", "gpt-2", "gpt2"),
    /** Llama 3, the same split as OpenAI's cl100k_base. */
    LLAMA3(true, "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "llama-bpe", "llama3", "llama-v3"),
    /** Qwen2 and Qwen2.5: Llama 3's split with single digits. */
    QWEN2(false, "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "qwen2"),
    /** OpenAI's o200k_base: case-aware words with trailing contractions. */
    GPT4O(false, "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            + "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "gpt-4o");

    /** A word that is itself a token is taken whole (tiktoken's rule; llama.cpp's "ignore_merges" for Llama 3). */
    final boolean wholeWordFirst;
    final Pattern pattern;
    private final List<String> names;

    PreTokenizer(boolean wholeWordFirst, String regex, String... names) {
        this.wholeWordFirst = wholeWordFirst;
        // \s must mean Unicode white space, as in the Rust and Python originals
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        this.names = List.of(names);
    }

    static PreTokenizer named(String name) {
        for (PreTokenizer p : values()) {
            if (p.names.contains(name)) return p;
        }
        throw new IllegalArgumentException("unsupported " + TokenizerMetadata.PRE + " '" + name + "' (supported: "
                + supportedNames() + ")");
    }

    private static String supportedNames() {
        StringBuilder s = new StringBuilder();
        for (PreTokenizer p : values()) {
            if (s.length() > 0) s.append(", ");
            s.append(String.join(", ", p.names));
        }
        return s.toString();
    }
}
