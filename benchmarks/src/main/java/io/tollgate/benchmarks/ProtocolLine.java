package io.tollgate.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code WORD key=value ...} line, the one format in which a workload JVM answers the orchestrator on
 * stdout. Lines that do not start with an expected word (an agent's banner, say) are not answers.
 */
final class ProtocolLine {
  private final Map<String, String> fields;

  private ProtocolLine(Map<String, String> fields) {
    this.fields = fields;
  }

  static String format(String word, Map<String, Object> fields) {
    StringBuilder line = new StringBuilder(word);
    fields.forEach((k, v) -> line.append(' ').append(k).append('=')
        .append(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v));
    return line.toString();
  }

  static boolean is(String word, String line) {
    return line.equals(word) || line.startsWith(word + " ");
  }

  /** Throws if the line does not start with {@code word}. */
  static ProtocolLine parse(String word, String line) {
    if (!is(word, line)) {
      throw new IllegalArgumentException("expected a " + word + " line: " + line);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : line.substring(word.length()).trim().split(" +")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return new ProtocolLine(fields);
  }

  long whole(String key) {
    return Long.parseLong(text(key));
  }

  double real(String key) {
    return Double.parseDouble(text(key));
  }

  boolean flag(String key) {
    return Boolean.parseBoolean(text(key));
  }

  String text(String key) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalArgumentException("line lacks " + key + ": " + fields);
    }
    return v;
  }
}
