package io.tollgate.testing.loopback;

import java.util.List;
import java.util.Map;

/**
 * One request the loopback server received, kept for test inspection.
 *
 * @param headers header names lower-cased
 * @param query the raw query string, or null
 */
public record ReceivedRequest(
    String method, String path, String query, Map<String, List<String>> headers, String body) {

  public ReceivedRequest {
    headers = Map.copyOf(headers);
  }

  /** First value of a header (case-insensitive name), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
