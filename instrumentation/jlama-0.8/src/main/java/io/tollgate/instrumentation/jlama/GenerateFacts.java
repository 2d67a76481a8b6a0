package io.tollgate.instrumentation.jlama;

import static io.tollgate.bootstrap.LocalCallFacts.*;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one generate call into the tracker's fact names. Jlama's members are reached by name (the reference
 * check has found them before any class was changed): its Java 20 class files cannot be compiled against here.
 */
public final class GenerateFacts {
  private static final long MILLI = 1_000_000L;
  private static final ClassValue<String> BACKENDS = new Backends();

  private GenerateFacts() {}

  /** {@code response} is null when generate threw. */
  public static Map<String, Object> of(Object model, float temperature, Object response, long wallNanos)
      throws ReflectiveOperationException {
    Map<String, Object> f = new HashMap<>(16);
    String name = ModelNames.of(model);
    f.put(REQUEST_MODEL, name);
    f.put(MODEL, name);
    f.put(BACKEND, BACKENDS.get(model.getClass()));
    f.put(TEMPERATURE, Double.valueOf(Float.toString(temperature))); // 0.7f as 0.7, not 0.699999988...
    if (response != null) {
      ResponseFields fields = ResponseFields.of(response.getClass());
      // Jlama's own counts: the prompt without the BOS token it adds, and its decode steps (the token sampled
      // from the prefill is not among them)
      f.put(PROMPT_TOKENS, fields.promptTokens.getInt(response));
      f.put(COMPLETION_TOKENS, fields.generatedTokens.getInt(response));
      long prefillMs = fields.promptTimeMs.getLong(response);
      long decodeMs = fields.generateTimeMs.getLong(response);
      f.put(PREFILL_NANOS, prefillMs * MILLI);
      f.put(DECODE_NANOS, decodeMs * MILLI);
      // Jlama's decode clock starts once the first token is sampled and handed to the caller: everything before
      // it (tokenizing, prefill, that first token) is the time to first token
      f.put(TTFT_NANOS, Math.max(0, wallNanos - decodeMs * MILLI));
      Object finish = fields.finishReason.get(response);
      if (finish != null) {
        f.put(FINISH_REASON, finishReason(finish.toString()));
      }
    }
    return f;
  }

  /**
   * "cpu (Panama Vector Operations)": which of Jlama's tensor operations run it. Jlama picks them once per class
   * loader, so the name is kept by the model's class.
   */
  private static final class Backends extends ClassValue<String> {
    @Override
    protected String computeValue(Class<?> model) {
      ClassLoader loader = model.getClassLoader();
      try {
        Object operations = Class.forName(JlamaInstrumentation.OPERATIONS_PROVIDER, false, loader).getMethod("get").invoke(null);
        Object name = Class.forName(JlamaInstrumentation.OPERATIONS, false, loader).getMethod("name").invoke(operations);
        return "cpu (" + name + ")";
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e); // not cached: the next call asks again
      }
    }
  }

  /** The OpenAI-style names the other engines record: MAX_TOKENS is "length", STOP_TOKEN "stop". */
  private static String finishReason(String jlama) {
    return switch (jlama) {
      case "MAX_TOKENS" -> "length";
      case "STOP_TOKEN" -> "stop";
      default -> jlama.toLowerCase(Locale.ROOT);
    };
  }
}
