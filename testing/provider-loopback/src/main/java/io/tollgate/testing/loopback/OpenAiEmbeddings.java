package io.tollgate.testing.loopback;

import static io.tollgate.testing.loopback.Json.obj;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** OpenAI Embeddings body: one small vector per input, usage without output tokens. */
final class OpenAiEmbeddings {

  static final String DEFAULT_MODEL = "text-embedding-3-small";
  private static final int DEFAULT_DIMENSIONS = 8;
  private static final int MAX_DIMENSIONS = 4096;

  private OpenAiEmbeddings() {}

  static Map<String, Object> embeddings(Generation g) {
    int dimensions = (int) Math.min(MAX_DIMENSIONS, Math.max(1, g.longParam("dimensions", DEFAULT_DIMENSIONS)));
    // SDKs may ask for base64 (little-endian float32) to save bandwidth; answer in the asked format
    boolean base64 = "base64".equals(g.stringParam("encoding_format"));
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < inputCount(g.request().get("input")); i++) {
      float[] vector = vector(i, dimensions);
      data.add(obj("object", "embedding", "index", i, "embedding", base64 ? encode(vector) : boxed(vector)));
    }
    return obj(
        "object", "list",
        "data", data,
        "model", g.model(),
        "usage", obj("prompt_tokens", g.usage().promptTokens(), "total_tokens", g.usage().promptTokens()));
  }

  /** A string, or one token array, is one input; an array of strings or token arrays is many. */
  static int inputCount(Object input) {
    if (input instanceof List<?> list) {
      if (list.isEmpty()) {
        return 0;
      }
      return list.get(0) instanceof Number ? 1 : list.size();
    }
    return 1;
  }

  private static float[] vector(int index, int dimensions) {
    float[] v = new float[dimensions];
    for (int d = 0; d < dimensions; d++) {
      v[d] = (float) Math.sin(index + 1 + d * 0.5) / 4;
    }
    return v;
  }

  private static List<Object> boxed(float[] v) {
    List<Object> list = new ArrayList<>(v.length);
    for (float f : v) {
      list.add(f);
    }
    return list;
  }

  private static String encode(float[] v) {
    ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      buffer.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }
}
