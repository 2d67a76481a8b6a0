package io.tollgate.core.estimate;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.Locale;

/**
 * Counts tokens when a provider reported none (a stream without usage, a stream cut short). Uses
 * Tollgate's own model-to-encoding table, since JTokkit's is stale (it maps gpt-4.1 to cl100k and
 * knows no o-series or gpt-5). Models without a public tokenizer (Claude, Gemini) are counted with
 * o200k as a proxy, and the result says so.
 */
public final class TokenEstimator {
  /** OpenAI's chat format: each message costs its text plus 3 framing tokens; the reply is primed with 3. */
  static final int TOKENS_PER_MESSAGE = 3;
  static final int TOKENS_PER_ROLE = 1;
  static final int REPLY_PRIMING = 3;

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

  /** The encoding for a model, and whether it is the model's real tokenizer. */
  public record Tokenizer(Encoding encoding, boolean exact, String name) {}

  public Tokenizer tokenizerFor(String model) {
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    int slash = m.lastIndexOf('/');
    if (slash >= 0) {
      m = m.substring(slash + 1);
    }
    if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5") || m.matches("o[1-9].*") || m.startsWith("gpt-oss")) {
      return new Tokenizer(registry.getEncoding(EncodingType.O200K_BASE), true, "o200k_base");
    }
    if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("text-embedding-")) {
      return new Tokenizer(registry.getEncoding(EncodingType.CL100K_BASE), true, "cl100k_base");
    }
    return new Tokenizer(registry.getEncoding(EncodingType.O200K_BASE), false, "o200k_base");
  }

  public long count(Tokenizer tokenizer, String text) {
    return text == null || text.isEmpty() ? 0 : tokenizer.encoding().countTokensOrdinary(text);
  }

  /** Input tokens of a chat request: its texts in the chat format's framing. */
  public long chatInput(Tokenizer tokenizer, PromptText prompt) {
    long n = 0;
    for (String text : prompt.texts()) {
      n += count(tokenizer, text);
    }
    return n + (long) prompt.messages() * (TOKENS_PER_MESSAGE + TOKENS_PER_ROLE) + (prompt.messages() > 0 ? REPLY_PRIMING : 0);
  }

  /**
   * The text a request sends to the model.
   *
   * @param texts message contents, instructions, system prompts, in order
   * @param messages how many chat messages carry them (0 for a plain input)
   */
  public record PromptText(List<String> texts, int messages) {
    public static final PromptText NONE = new PromptText(List.of(), 0);
  }
}
