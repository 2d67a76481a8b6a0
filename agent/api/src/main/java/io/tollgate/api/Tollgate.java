package io.tollgate.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attributes for the LLM calls this thread makes, used by budget scopes ({@code per: team}) and
 * written to every cost record's {@code attributes}:
 *
 * <pre>{@code
 * try (Tollgate.Scope s = Tollgate.with("team", "search")) {
 *   client.chat().completions().create(params);
 * }
 * }</pre>
 *
 * Scopes nest; closing one restores what was there before. Without the agent nothing reads them.
 */
public final class Tollgate {
  private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

  private Tollgate() {}

  public static Scope with(String key, String value) {
    return with(Map.of(key, value));
  }

  public static Scope with(Map<String, String> attributes) {
    Map<String, String> previous = CURRENT.get();
    Map<String, String> next = previous == null ? new LinkedHashMap<>() : new LinkedHashMap<>(previous);
    next.putAll(attributes);
    CURRENT.set(Collections.unmodifiableMap(next));
    return new Scope(previous);
  }

  /** This thread's attributes; empty outside any scope. */
  public static Map<String, String> currentAttributes() {
    Map<String, String> current = CURRENT.get();
    return current == null ? Map.of() : current;
  }

  /** Ends the attributes of one {@link #with}. */
  public static final class Scope implements AutoCloseable {
    private final Map<String, String> previous;

    private Scope(Map<String, String> previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
