package io.tollgate.instrumentation.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.json.JsonPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text kept for estimates is bounded per stream and across streams, and says when it is incomplete. */
class DeltaPayloadsTest {
  private static final JsonPaths TEXT = JsonPaths.of("choices[].delta.content");

  private static byte[] chunk(String text) {
    return ("{\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsTextUntilItsOwnBoundThenSaysItIsIncomplete() {
    DeltaPayloads d = new DeltaPayloads(TEXT);
    byte[] piece = chunk("x".repeat(1000));
    int fits = 0;
    while (!d.truncated()) {
      d.add(piece, piece.length);
      fits++;
    }
    assertEquals(DeltaPayloads.MAX_BYTES / piece.length + 1, fits);
    assertEquals("x".repeat(1000 * (fits - 1)), d.text());
    d.release();
  }

  @Test
  void streamsTogetherKeepNoMoreThanTheSharedBoundAndGiveItBack() {
    long before = DeltaPayloads.keptBytes();
    byte[] piece = chunk("y".repeat(4000));
    List<DeltaPayloads> streams = new ArrayList<>();
    DeltaPayloads refused = null;
    for (int i = 0; i < 200 && refused == null; i++) {
      DeltaPayloads d = new DeltaPayloads(TEXT);
      for (int kept = 0; !d.truncated() && kept < 900_000; kept += piece.length) {
        d.add(piece, piece.length);
      }
      streams.add(d);
      if (d.truncated()) {
        refused = d;
      }
    }
    assertTrue(refused != null, "past the shared bound a stream keeps no more");
    assertTrue(DeltaPayloads.keptBytes() <= DeltaPayloads.MAX_KEPT_BYTES);
    streams.forEach(DeltaPayloads::release);
    assertEquals(before, DeltaPayloads.keptBytes(), "every byte is given back");

    DeltaPayloads after = new DeltaPayloads(TEXT);
    after.add(piece, piece.length);
    assertFalse(after.truncated(), "given back, the bound lets new streams keep their text again");
    after.release();
    after.add(piece, piece.length);
    assertTrue(after.truncated(), "nothing is kept once released");
    assertEquals("", after.text());
  }
}
