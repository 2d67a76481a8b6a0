package io.tollgate.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLeafCollectorTest {
  private static final JsonPaths WANTED = JsonPaths.of("model", "usage.*", "choices[].finish_reason");
  private static final String DOC = "{\"id\":\"x\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\"},"
      + "\"finish_reason\":\"stop\"},{\"finish_reason\":\"length\"}],\"data\":[[1,2,3],[4,5]],"
      + "\"usage\":{\"prompt_tokens\":12,\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens\":5}}";

  @Test
  void collectsWantedLeavesFedOneByteAtATime() {
    JsonLeafCollector c = new JsonLeafCollector(WANTED);
    byte[] bytes = DOC.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      c.feed(bytes, i, 1);
    }
    c.end();
    assertNull(c.failure());
    assertTrue(c.complete());
    JsonLeaves l = c.leaves();
    assertEquals("gpt-4o", l.getString("model"));
    assertEquals(12, l.getLong("usage.prompt_tokens", -1));
    assertEquals(4, l.getLong("usage.prompt_tokens_details.cached_tokens", -1));
    assertEquals(List.of("stop", "length"), l.getStrings("choices[].finish_reason"));
    assertFalse(l.has("id"), "unwanted leaves are skipped");
    assertFalse(l.has("data[][]"));
  }

  @Test
  void documentCompleteBeforeEndOfInput() {
    JsonLeafCollector c = new JsonLeafCollector(WANTED);
    byte[] bytes = DOC.getBytes(StandardCharsets.UTF_8);
    c.feed(bytes, 0, bytes.length);
    assertTrue(c.complete(), "a closed top-level object is complete even before EOF");
  }

  @Test
  void truncatedDocumentIsReportedNotGuessed() {
    JsonLeafCollector c = new JsonLeafCollector(WANTED);
    byte[] bytes = DOC.substring(0, DOC.length() - 10).getBytes(StandardCharsets.UTF_8);
    c.feed(bytes, 0, bytes.length);
    c.end();
    assertFalse(c.complete());
    assertTrue(c.failure().startsWith("truncated JSON document"), c.failure());
  }

  @Test
  void malformedJsonGivesAClearReason() {
    JsonLeafCollector c = JsonLeafCollector.parse(WANTED, "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));
    assertNotNull(c.failure());
    assertTrue(c.failure().startsWith("malformed JSON"), c.failure());
  }

  @Test
  void emptyBody() {
    JsonLeafCollector c = new JsonLeafCollector(WANTED);
    c.end();
    assertEquals("empty body", c.failure());
  }

  /** A body held whole and read at once must come out as the same bytes fed as they arrived would. */
  @Test
  void heldBodyReadsAsTheFedOne() {
    List<String> documents = new java.util.ArrayList<>(List.of("  ", "<html>502</html>", DOC + "trailing",
        "{\"model\":\"a\",\"model\":}", "{\"x\":tr", "[1,", "{\"usage\":{\"prompt_tokens\":-1."));
    for (int cut = 0; cut <= DOC.length(); cut++) {
      documents.add(DOC.substring(0, cut)); // every way a body can be cut short
    }
    for (String doc : documents) {
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
      byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 7); // held arrays are larger than the body
      for (boolean ended : new boolean[] {false, true}) {
        JsonLeafCollector fed = new JsonLeafCollector(WANTED);
        fed.feed(bytes, 0, bytes.length);
        JsonLeafCollector held = JsonLeafCollector.held(WANTED, padded, bytes.length);
        if (ended) {
          fed.end();
          held.end();
        }
        String what = "'" + doc + "' ended=" + ended;
        assertEquals(fed.complete(), held.complete(), what);
        assertEquals(fed.failure() == null, held.failure() == null, what + ": " + fed.failure() + " / " + held.failure());
        assertEquals(fed.failure(), held.failure(), what);
        assertEquals(fed.leaves().getString("model"), held.leaves().getString("model"), what);
        assertEquals(fed.leaves().getLong("usage.prompt_tokens", -1), held.leaves().getLong("usage.prompt_tokens", -1), what);
        assertEquals(fed.leaves().getStrings("choices[].finish_reason"), held.leaves().getStrings("choices[].finish_reason"), what);
      }
    }
  }
}
