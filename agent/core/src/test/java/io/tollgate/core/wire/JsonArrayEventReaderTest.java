package io.tollgate.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArrayEventReaderTest {
  private static final class Recorder implements StreamAccumulator {
    final List<String> events = new ArrayList<>();
    @Override public void onEvent(String event, byte[] data, int length, long nanos) {
      events.add(new String(data, 0, length, StandardCharsets.UTF_8));
    }
    @Override public boolean ended() { return false; }
    @Override public long firstChunkNanos() { return 0; }
    @Override public int chunks() { return 0; }
    @Override public ResponseFacts facts() { return ResponseFacts.NONE; }
  }

  private static List<String> read(String body, int piece) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Recorder r = new Recorder();
    JsonArrayEventReader reader = new JsonArrayEventReader(r);
    for (int i = 0; i < bytes.length; i += piece) {
      reader.feed(bytes, i, Math.min(piece, bytes.length - i), System.nanoTime());
    }
    reader.finish();
    return r.events;
  }

  @Test
  void elementsSplitAnywhereWithBracketsAndQuotesInsideStrings() {
    String a = "{\"t\":\"a ] } [ { \\\" \\\\\",\"n\":[1,{\"x\":[]}]}";
    String b = "{\"t\":\"é\"}";
    for (int piece : new int[] {1, 2, 5, 1000}) {
      assertEquals(List.of(a, b), read("[" + a + ",\r\n" + b + "\r\n]", piece), "pieces of " + piece);
    }
  }

  @Test
  void aBareObjectIsOneEvent() {
    assertEquals(List.of("{\"error\":{\"code\":400}}"), read("{\"error\":{\"code\":400}}\n", 3));
  }

  @Test
  void anElementCutShortIsNotHandedOn() {
    assertEquals(List.of("{\"a\":1}"), read("[{\"a\":1},{\"b\":", 4));
  }
}
