package io.tollgate.testing.loopback;

import java.util.List;
import java.util.Map;

/**
 * What a generated body is made from: the parsed request, the model to report and the usage plan
 * in force for this request.
 */
record Generation(Map<String, Object> request, String model, UsagePlan usage) {

  /** The assistant text every generated reply carries, split into stream deltas. */
  static final List<String> TEXT_PIECES = List.of("Hello", " from", " the", " loopback", " server.");

  static String text() {
    return String.join("", TEXT_PIECES);
  }

  boolean stream() {
    return Boolean.TRUE.equals(request.get("stream"));
  }

  /** OpenAI streams carry usage only when the request opted in. */
  boolean includeUsage() {
    return Boolean.TRUE.equals(Json.path(request, "stream_options", "include_usage"));
  }

  long longParam(String key, long fallback) {
    return request.get(key) instanceof Number n ? n.longValue() : fallback;
  }

  String stringParam(String key) {
    return request.get(key) instanceof String s ? s : null;
  }
}
