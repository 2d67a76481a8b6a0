package io.tollgate.inference.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI encoding shipped in JTokkit's jar ("base64-token rank" lines) turned into GGUF tokenizer metadata:
 * tokens spelled with GPT-2's byte characters, and a merge for every split of a token into two tokens,
 * ordered by the rank of the result (then of the parts), as Hugging Face converts tiktoken files.
 */
final class TiktokenVocabulary {

    private TiktokenVocabulary() {}

    static Map<String, Object> metadata(String encoding, String pre) {
        Map<String, Integer> ranks = ranks(encoding);
        int size = Collections.max(ranks.values()) + 1;
        List<String> tokens = new ArrayList<>(Collections.nCopies(size, null));
        List<Integer> types = new ArrayList<>(Collections.nCopies(size, TokenType.NORMAL.code()));
        ranks.forEach((token, rank) -> tokens.set(rank, token));
        for (int i = 0; i < size; i++) {
            if (tokens.get(i) == null) {
                tokens.set(i, "<|unused_" + i + "|>");
                types.set(i, TokenType.UNUSED.code());
            }
        }
        List<long[]> merges = new ArrayList<>();
        for (int rank = 0; rank < size; rank++) {
            String token = tokens.get(rank);
            if (types.get(rank) != TokenType.NORMAL.code()) continue;
            for (int split = 1; split < token.length(); split++) {
                Integer left = ranks.get(token.substring(0, split));
                Integer right = ranks.get(token.substring(split));
                if (left != null && right != null) merges.add(new long[] {rank, left, right});
            }
        }
        merges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        List<String> mergeLines = new ArrayList<>(merges.size());
        for (long[] m : merges) mergeLines.add(tokens.get((int) m[1]) + " " + tokens.get((int) m[2]));
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("tokenizer.ggml.model", "gpt2");
        metadata.put("tokenizer.ggml.pre", pre);
        metadata.put("tokenizer.ggml.tokens", tokens);
        metadata.put("tokenizer.ggml.token_type", types);
        metadata.put("tokenizer.ggml.merges", mergeLines);
        return metadata;
    }

    private static Map<String, Integer> ranks(String encoding) {
        String resource = "/com/knuddels/jtokkit/" + encoding + ".tiktoken";
        Map<String, Integer> ranks = new HashMap<>();
        try (InputStream in = TiktokenVocabulary.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("JTokkit lacks " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) continue;
                int space = line.indexOf(' ');
                byte[] bytes = Base64.getDecoder().decode(line.substring(0, space));
                ranks.put(ByteUnicode.spell(bytes, 0, bytes.length), Integer.parseInt(line.substring(space + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranks;
    }
}
