package io.tollgate.instrumentation.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Sets top-level fields of a JSON request body, keeping every other field and its order. Only used
 * when a budget changes a request (guard, clamp, downgrade), so a tree round trip is affordable.
 */
public final class JsonBodyEdit {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodyEdit() {}

  /**
   * Sets {@code value} on the first of {@code fields} the body has, or on {@code fields[0]} when it
   * has none. Null when the body is not a JSON object.
   */
  public static byte[] setFirstPresent(byte[] body, long value, String... fields) {
    ObjectNode root = parse(body);
    if (root == null) {
      return null;
    }
    String target = fields[0];
    for (String f : fields) {
      if (root.hasNonNull(f)) {
        target = f;
        break;
      }
    }
    root.put(target, value);
    return write(root);
  }

  /** Replaces a string field that is present; null when it is absent or the body is not an object. */
  public static byte[] replace(byte[] body, String field, String value) {
    ObjectNode root = parse(body);
    if (root == null || !root.hasNonNull(field)) {
      return null;
    }
    root.put(field, value);
    return write(root);
  }

  private static ObjectNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] write(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      return null;
    }
  }
}
