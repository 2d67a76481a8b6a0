package io.tollgate.instrumentation.wire.openai;

import io.tollgate.core.estimate.TokenEstimator;
import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonLeaves;
import java.util.ArrayList;
import java.util.List;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.core.wire.WireFormat;
import io.tollgate.instrumentation.wire.Bytes;

/**
 * OpenAI's REST shapes, also spoken by Azure OpenAI and the OpenAI-compatible servers (vLLM, Ollama,
 * DeepSeek, ...). Usage rules: {@code cached_tokens} is a subset of the prompt, {@code reasoning_tokens}
 * a subset of the completion; DeepSeek reports {@code prompt_cache_hit_tokens} instead.
 */
public final class OpenAiWireFormat implements WireFormat {
  public static final Operation CHAT_COMPLETIONS = new Operation("chat", "chat.completions");
  public static final Operation RESPONSES = new Operation("chat", "responses");
  public static final Operation EMBEDDINGS = new Operation("embeddings", "embeddings");
  public static final Operation COMPLETIONS = new Operation("text_completion", "completions");

  private static final JsonPaths REQUEST = JsonPaths.of(
      "model", "max_tokens", "max_completion_tokens", "max_output_tokens", "stream",
      "stream_options.include_usage", "service_tier", "temperature", "top_p", "seed", "n", "best_of");
  private static final JsonPaths RESPONSE = JsonPaths.of(
      "id", "model", "service_tier", "status", "usage.*", "choices[].finish_reason",
      "incomplete_details.reason", "error.type", "error.code", "error.message");

  @Override
  public String id() {
    return "openai";
  }

  @Override
  public Operation operation(String method, String path) {
    if (!"POST".equals(method)) {
      return null;
    }
    return switch (path) {
      case "/chat/completions" -> CHAT_COMPLETIONS;
      case "/responses" -> RESPONSES;
      case "/embeddings" -> EMBEDDINGS;
      case "/completions" -> COMPLETIONS;
      default -> null;
    };
  }

  @Override
  public JsonPaths requestPaths() {
    return REQUEST;
  }

  @Override
  public RequestFacts readRequest(JsonLeaves r) {
    Long max = firstLong(r, "max_completion_tokens", "max_output_tokens", "max_tokens");
    return new RequestFacts(
        r.getString("model"),
        max,
        Boolean.TRUE.equals(r.getBoolean("stream")),
        r.getBoolean("stream_options.include_usage"),
        r.getString("service_tier"),
        r.getDouble("temperature"),
        r.getDouble("top_p"),
        r.has("seed") ? r.getLong("seed", 0) : null,
        // n answers, each up to the max; the legacy completions' best_of generates that many server-side
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.max(r.getLong("n", 1), r.getLong("best_of", 1)))));
  }

  private static Long firstLong(JsonLeaves r, String... paths) {
    for (String p : paths) {
      long v = r.getLong(p, -1);
      if (v >= 0) {
        return v;
      }
    }
    return null;
  }

  @Override
  public JsonPaths responsePaths(Operation operation) {
    return RESPONSE;
  }

  @Override
  public ResponseFacts readResponse(Operation operation, JsonLeaves r) {
    List<String> finish = r.getStrings("choices[].finish_reason");
    if (finish.isEmpty() && r.getString("incomplete_details.reason") != null) {
      finish = List.of(r.getString("incomplete_details.reason"));
    } else if (finish.isEmpty() && operation == RESPONSES && r.getString("status") != null) {
      finish = List.of(r.getString("status"));
    }
    String errorType = r.getString("error.code") != null ? r.getString("error.code") : r.getString("error.type");
    return new ResponseFacts(
        r.getString("id"), r.getString("model"), usage(operation, r, ""), finish,
        errorType, r.getString("error.message"), r.getString("service_tier"));
  }

  private static final JsonPaths PROMPT = JsonPaths.of(
      "messages[].role", "messages[].content", "messages[].content[].text",
      "instructions", "input", "input[]", "input[].role", "input[].content", "input[].content[].text", "prompt");

  @Override
  public TokenEstimator.PromptText promptText(Operation operation, byte[] requestBody) {
    JsonLeaves r = JsonLeafCollector.parse(PROMPT, requestBody).leaves();
    List<String> texts = new ArrayList<>();
    for (String path : PROMPT.patterns()) {
      if (!path.endsWith("role")) {
        texts.addAll(r.getStrings(path));
      }
    }
    int messages = r.getStrings("messages[].role").size() + r.getStrings("input[].role").size();
    return new TokenEstimator.PromptText(texts, messages);
  }

  private static final byte[] STREAM_OPTIONS = Bytes.ascii("\"stream_options\"");
  private static final byte[] ASK_FOR_USAGE = Bytes.ascii("\"stream_options\":{\"include_usage\":true},");
  private static final String CHOICES = "\"choices\":";

  /**
   * A chat stream without {@code stream_options} gets {@code "stream_options":{"include_usage":true}}
   * as its first member; any {@code stream_options} the application set is left alone (its other
   * options would otherwise be lost or duplicated).
   */
  @Override
  public byte[] withUsageRequested(Operation operation, RequestFacts request, byte[] body) {
    if (operation != CHAT_COMPLETIONS || request.includeUsage() != null || Bytes.contains(body, body.length, STREAM_OPTIONS)) {
      return null;
    }
    int open = 0;
    while (open < body.length && body[open] != '{') {
      open++;
    }
    if (open == body.length) {
      return null;
    }
    byte[] out = new byte[body.length + ASK_FOR_USAGE.length];
    System.arraycopy(body, 0, out, 0, open + 1);
    System.arraycopy(ASK_FOR_USAGE, 0, out, open + 1, ASK_FOR_USAGE.length);
    System.arraycopy(body, open + 1, out, open + 1 + ASK_FOR_USAGE.length, body.length - open - 1);
    return out;
  }

  @Override
  public byte[] withMaxOutputTokens(Operation operation, byte[] body, long max) {
    if (operation == CHAT_COMPLETIONS) {
      // max_tokens is deprecated (and refused by o-series models) but still what older servers read
      return io.tollgate.instrumentation.wire.JsonBodyEdit.setFirstPresent(body, max, "max_completion_tokens", "max_tokens");
    }
    if (operation == RESPONSES) {
      return io.tollgate.instrumentation.wire.JsonBodyEdit.setFirstPresent(body, max, "max_output_tokens");
    }
    if (operation == COMPLETIONS) {
      return io.tollgate.instrumentation.wire.JsonBodyEdit.setFirstPresent(body, max, "max_tokens");
    }
    return null;
  }

  @Override
  public byte[] withModel(Operation operation, byte[] body, String model) {
    return io.tollgate.instrumentation.wire.JsonBodyEdit.replace(body, "model", model);
  }


  private static final String USAGE = "\"usage\":";

  /**
   * Once usage is asked for, OpenAI adds a usage-only chunk (empty choices) and {@code "usage":null}
   * to every other chunk: the first is dropped, the member is taken out of the others.
   */
  @Override
  public long requestedUsageIn(String stream, int start, int end) {
    if (Bytes.containsMember(stream, USAGE, "{", start, end)) {
      return Bytes.containsMember(stream, CHOICES, "[]", start, end) ? DROP_EVENT : KEEP_EVENT;
    }
    for (int at = Bytes.memberAt(stream, USAGE, "null", start, end); at >= 0;
        at = Bytes.memberAt(stream, USAGE, "null", at + 1, end)) {
      if (at == start || stream.charAt(at - 1) != '\\') {
        return memberWithItsComma(stream, start, end, at, Bytes.valueAt(stream, USAGE, at, end) + "null".length());
      }
    }
    return KEEP_EVENT;
  }

  /** The member at [from, to) with the comma that joined it to its neighbour, as a span. */
  private static long memberWithItsComma(String stream, int start, int end, int from, int to) {
    int before = from - 1;
    while (before >= start && isBlank(stream.charAt(before))) {
      before--;
    }
    if (before >= start && stream.charAt(before) == ',') {
      from = before;
    } else {
      int after = to;
      while (after < end && isBlank(stream.charAt(after))) {
        after++;
      }
      if (after < end && stream.charAt(after) == ',') {
        to = after + 1;
      }
    }
    return (long) from << 32 | to;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  @Override
  public StreamAccumulator newStream(Operation operation) {
    return operation == RESPONSES ? new OpenAiResponsesStream() : new OpenAiChatStream(operation);
  }


  /** Usage paths under one prefix, built once: lookups then hash constant strings. */
  private record UsagePaths(String usage, String input, String cachedInput, String inputCacheWrite, String output,
      String reasoningOutput, String prompt, String completion, String promptCached, String promptCacheWrite,
      String promptCacheHit, String completionReasoning, String promptAudio, String completionAudio,
      String promptCachedAudio) {
    static UsagePaths under(String prefix) {
      String u = prefix + "usage";
      return new UsagePaths(u, u + ".input_tokens", u + ".input_tokens_details.cached_tokens",
          u + ".input_tokens_details.cache_write_tokens", u + ".output_tokens",
          u + ".output_tokens_details.reasoning_tokens", u + ".prompt_tokens", u + ".completion_tokens",
          u + ".prompt_tokens_details.cached_tokens", u + ".prompt_tokens_details.cache_write_tokens",
          u + ".prompt_cache_hit_tokens", u + ".completion_tokens_details.reasoning_tokens",
          u + ".prompt_tokens_details.audio_tokens", u + ".completion_tokens_details.audio_tokens",
          u + ".prompt_tokens_details.cached_tokens_details.audio_tokens");
    }
  }

  private static final UsagePaths TOP = UsagePaths.under("");
  private static final UsagePaths IN_RESPONSE = UsagePaths.under("response.");

  /** Usage from the leaves under {@code prefix} ({@code ""} for a response, {@code "response."} for a Responses event). */
  static Usage usage(Operation operation, JsonLeaves r, String prefix) {
    UsagePaths p = prefix.isEmpty() ? TOP : prefix.equals("response.") ? IN_RESPONSE : UsagePaths.under(prefix);
    if (!r.hasUnder(p.usage())) {
      return null;
    }
    // cache writes (GPT-5.6 on: billed at their own rate) are part of the input count, like cache reads; OpenAI
    // has one retention class, which the 5-minute bucket carries
    if (operation == RESPONSES) {
      return new Usage(r.getLong(p.input(), 0), r.getLong(p.output(), 0), r.getLong(p.cachedInput(), 0),
          r.getLong(p.inputCacheWrite(), 0), 0, r.getLong(p.reasoningOutput(), 0));
    }
    long prompt = r.getLong(p.prompt(), r.getLong(p.input(), 0));
    long completion = operation == EMBEDDINGS ? 0 : r.getLong(p.completion(), r.getLong(p.output(), 0));
    long cached = r.getLong(p.promptCached(), r.getLong(p.promptCacheHit(), 0));
    long cacheWrite = r.getLong(p.promptCacheWrite(), 0);
    long reasoning = r.getLong(p.completionReasoning(), 0);
    // audio tokens are parts of prompt and completion, billed at their own rates by audio models
    return new Usage(prompt, completion, cached, cacheWrite, 0, reasoning)
        .withAudio(r.getLong(p.promptAudio(), 0), r.getLong(p.promptCachedAudio(), 0), r.getLong(p.completionAudio(), 0));
  }


}
