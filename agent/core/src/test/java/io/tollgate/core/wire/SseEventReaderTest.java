package io.tollgate.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {
  /** Records events as "name|data". */
  private static final class Recorder implements StreamAccumulator {
    final List<String> events = new ArrayList<>();
    @Override public void onEvent(String event, byte[] data, int length, long nanos) {
      events.add(event + "|" + new String(data, 0, length, StandardCharsets.UTF_8));
    }
    @Override public boolean ended() { return false; }
    @Override public long firstChunkNanos() { return 0; }
    @Override public int chunks() { return 0; }
    @Override public ResponseFacts facts() { return ResponseFacts.NONE; }
  }

  @Test
  void eventsSplitAnywhereAndAnyLineEnding() {
    String stream = ": comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n"
        + "data: line one\ndata: line two\nid: 7\n\n"
        + "event:ping\ndata:{}\n\n"
        + "data: [DONE]";
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    for (int piece = 1; piece <= bytes.length; piece++) {
      Recorder r = new Recorder();
      SseEventReader reader = new SseEventReader(r);
      for (int i = 0; i < bytes.length; i += piece) {
        reader.feed(bytes, i, Math.min(piece, bytes.length - i), System.nanoTime());
      }
      reader.finish();
      assertEquals(List.of("message_start|{\"a\":1}", "null|line one\nline two", "ping|{}", "null|[DONE]"), r.events,
          "fed " + piece + " bytes at a time");
    }
  }
}
